import type { Metadata } from "next";
import Link from "next/link";
import { setupState } from "@/server/trpc/server-caller";
import { SetupForm } from "./SetupForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export default async function SetupPage({ searchParams }: Props) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const state = token && token.length <= 200 ? await setupState(token) : "invalid";
  return (
    <section className="mx-auto mt-12 max-w-md rounded-lg border border-zinc-800 bg-zinc-900/60 p-6">
      <h1 className="text-xl font-semibold">Set up Runlog</h1>
      {state === "open" ? (
        <>
          <p className="mt-2 text-sm text-zinc-300">
            Create the first account. It is an admin: it can add everyone else on the <strong>Accounts</strong> page or with{" "}
            <code>runlog user add</code>.
          </p>
          <SetupForm token={token} />
        </>
      ) : state === "done" ? (
        <p role="alert" className="mt-3 text-sm text-zinc-300">
          Runlog is set up already: an account exists, and setup links no longer work.{" "}
          <Link href="/sign-in" className="text-amber-300 underline">
            Sign in
          </Link>
          , or ask an admin for an account.
        </p>
      ) : (
        <p role="alert" className="mt-3 text-sm text-zinc-300">
          This setup link has expired, was used, or is not complete. Restart Runlog (<code>npm start</code>) to print a new one, or create
          the account where the server runs with <code>npm run --silent runlog -- user add you@example.com --role admin</code>.
        </p>
      )}
    </section>
  );
}
