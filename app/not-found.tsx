import Link from "next/link";

export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-3 text-zinc-400">There is no runbook or incident at this address. Check the link, or start from the list.</p>
      <Link href="/" className="mt-6 inline-block rounded bg-amber-500 px-4 py-2 font-medium text-zinc-950 hover:bg-amber-400">
        All runbooks
      </Link>
    </section>
  );
}
