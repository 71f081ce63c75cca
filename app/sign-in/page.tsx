import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNext } from "@/app/_lib/safe-next";
import { currentUser, ssoEnabled } from "@/server/trpc/server-caller";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[]; error?: string | string[] }> };

// What better-auth's redirect after a failed single sign-on says, for the person who tried.
const SSO_ERRORS: Record<string, string> = {
  banned_user: "This account is disabled in Runlog. An admin can enable it again.",
  unable_to_get_user_info: "Single sign-on failed: the identity provider's token could not be verified. Nobody was signed in.",
  signup_disabled: "Single sign-on failed: there is no Runlog account for you.",
  account_not_linked: "Single sign-on failed: an account with this email exists but is not linked to single sign-on.",
};

function ssoError(raw: string | string[] | undefined): string | null {
  const code = Array.isArray(raw) ? raw[0] : raw;
  if (!code) return null;
  if (!/^[A-Za-z0-9_]{1,64}$/.test(code)) return "Single sign-on failed.";
  return SSO_ERRORS[code.toLowerCase()] ?? `Single sign-on failed (${code}). Nobody was signed in.`;
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNext(params.next);
  const error = ssoError(params.error);
  if (await currentUser()) redirect(next);
  return (
    <section className="mx-auto mt-12 max-w-sm rounded-lg border border-zinc-800 bg-zinc-900/60 p-6">
      <h1 className="text-xl font-semibold">Sign in to Runlog</h1>
      {error && (
        <p role="alert" className="mt-3 rounded border border-red-500/40 bg-red-500/10 px-3 py-2 text-sm text-red-200">
          {error}
        </p>
      )}
      <SignInForm next={next} sso={ssoEnabled()} />
      <p className="mt-4 text-xs text-zinc-400">
        No account? An admin creates one with <code>npm run --silent runlog -- user add you@example.com --role responder</code>.
      </p>
    </section>
  );
}
