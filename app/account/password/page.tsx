import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNext } from "@/app/_lib/safe-next";
import { currentUser } from "@/server/trpc/server-caller";
import { PasswordForm } from "./PasswordForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Choose a password" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function PasswordPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent("/account/password")}`);
  return (
    <section className="mx-auto mt-12 max-w-sm rounded-lg border border-zinc-800 bg-zinc-900/60 p-6">
      <h1 className="text-xl font-semibold">{user.mustChangePassword ? "Choose your own password" : "Change your password"}</h1>
      {user.mustChangePassword && (
        <p className="mt-1 text-sm text-zinc-400">The password you were given works only until you choose one.</p>
      )}
      <PasswordForm next={next} />
    </section>
  );
}
