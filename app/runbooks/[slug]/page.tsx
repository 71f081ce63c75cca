import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { serverCaller } from "@/server/trpc/server-caller";
import { CommandText } from "@/app/_components/runbook/CommandText";
import { SeverityBadge } from "@/app/_components/runbook/SeverityBadge";
import { StartIncidentButton } from "@/app/_components/runbook/StartIncidentButton";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  try {
    return await serverCaller().runbooks.get({ slug });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const rb = await load((await params).slug);
  return { title: rb.ok ? rb.runbook.meta.title : rb.slug };
}

export default async function RunbookPage({ params }: Props) {
  const rb = await load((await params).slug);
  if (!rb.ok) {
    return (
      <section className="rounded-lg border border-red-900 bg-red-950/40 p-6">
        <h1 className="text-xl font-semibold text-red-300">{rb.slug}.md cannot be read</h1>
        <p className="mt-2 font-mono text-sm text-red-200">{rb.error}</p>
      </section>
    );
  }
  const { meta, sections } = rb.runbook;
  return (
    <article aria-labelledby="runbook-title">
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-zinc-800 pb-4">
        <div>
          <h1 id="runbook-title" className="text-2xl font-semibold">
            {meta.title}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <SeverityBadge severity={meta.severity} />
            {meta.alerts.map((a) => (
              <code key={a} className="rounded bg-zinc-800 px-1.5 py-0.5">
                {a}
              </code>
            ))}
            <span className="text-zinc-500">{rb.file}</span>
          </div>
        </div>
        <StartIncidentButton runbookSlug={rb.slug} />
      </header>
      <ol className="mt-6 space-y-6" aria-label="Sections">
        {sections.map((s) => (
          <li key={s.id} style={{ marginLeft: `${(s.depth - 2) * 1.25}rem` }}>
            <section aria-label={s.title}>
              <h2 className={s.depth === 2 ? "text-xl font-semibold" : "text-lg font-medium text-zinc-200"}>{s.title}</h2>
              {s.prose && <p className="mt-1 whitespace-pre-line text-sm text-zinc-400">{s.prose}</p>}
              {s.blocks.map((b) => (
                <div key={`${b.line}`} className="mt-3 space-y-2">
                  {b.runnable ? (
                    b.commands.map((c) => (
                      <div key={c.id} className="rounded border border-zinc-800 bg-zinc-900 p-3">
                        <CommandText command={c} />
                      </div>
                    ))
                  ) : (
                    <pre className="overflow-x-auto rounded border border-zinc-800 bg-zinc-900/50 p-3 font-mono text-sm text-zinc-300">
                      {b.text}
                    </pre>
                  )}
                </div>
              ))}
            </section>
          </li>
        ))}
      </ol>
    </article>
  );
}
