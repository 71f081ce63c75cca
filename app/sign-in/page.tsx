import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNext } from "@/app/_lib/safe-next";
import { currentUser, ssoEnabled } from "@/server/trpc/server-caller";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <section className="mx-auto mt-12 max-w-sm rounded-lg border border-zinc-800 bg-zinc-900/60 p-6">
      <h1 className="text-xl font-semibold">Sign in to Runlog</h1>
      <SignInForm next={next} sso={ssoEnabled()} />
      <p className="mt-4 text-xs text-zinc-500">
        No account? An admin creates one with <code>npm run --silent runlog -- user add you@example.com --role responder</code>.
      </p>
    </section>
  );
}
