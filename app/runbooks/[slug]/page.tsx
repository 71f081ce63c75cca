import type { Metadata } from "next";
import { cache } from "react";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";
import { CommandText } from "@/app/_components/runbook/CommandText";
import { SectionList } from "@/app/_components/runbook/SectionList";
import { RunbookFindings } from "@/app/_components/runbook/RunbookFindings";
import { SeverityBadge } from "@/app/_components/runbook/SeverityBadge";
import { StartIncidentButton } from "@/app/_components/runbook/StartIncidentButton";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

// Metadata and page share one lookup per request.
const load = cache(async (slug: string) => orNotFound(serverCaller(await requireUser(`/runbooks/${slug}`)).runbooks.get({ slug })));

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
  const { meta, sections, variables, diagnostics } = rb.runbook;
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
            <span className="text-zinc-400">{rb.file}</span>
          </div>
          <RunbookFindings variables={variables} diagnostics={diagnostics} />
        </div>
        <StartIncidentButton runbookSlug={rb.slug} />
      </header>
      <div className="mt-6">
        <SectionList
          sections={sections}
          label="Sections"
          renderCommand={(c) => {
            const textId = `cmd-${c.id.replace(/[^\w-]/g, "_")}`;
            return (
              <article aria-labelledby={textId} className="rounded border border-zinc-800 bg-zinc-900 p-3">
                <CommandText command={c} id={textId} />
              </article>
            );
          }}
        />
      </div>
    </article>
  );
}
