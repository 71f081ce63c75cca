import type { ReactNode } from "react";
import type { RunbookCodeBlock, RunbookCommand, RunbookSection } from "@/server/shared/runbook";
import { CodeBlockView } from "./CodeBlockView";
import { ProseHtml } from "./ProseHtml";

interface Props {
  sections: RunbookSection[];
  label: string;
  renderCommand: (command: RunbookCommand) => ReactNode;
  renderBlock?: (block: RunbookCodeBlock) => ReactNode;
}

/** A runbook's sections in order, prose, check items and code interleaved as written. */
export function SectionList({ sections, label, renderCommand, renderBlock }: Props) {
  const top = Math.min(...sections.map((s) => s.depth));
  return (
    <ol className="space-y-8" aria-label={label}>
      {sections.map((s) => (
        <li key={s.id} id={s.id} style={{ marginLeft: `${(s.depth - top) * 1.25}rem` }}>
          <section aria-label={s.title}>
            <h2 className={s.depth <= top ? "text-xl font-semibold" : "text-lg font-medium text-zinc-200"}>{s.title}</h2>
            <div className="mt-2 space-y-3">
              {s.content.map((item, i) =>
                item.kind === "prose" ? (
                  <ProseHtml key={i} html={item.html} />
                ) : item.kind === "checklist" ? (
                  <ul key={i} aria-label="Checklist" className="space-y-1.5">
                    {item.items.map((check) => (
                      <li key={check.id} className="flex gap-2 text-sm">
                        <span aria-hidden className="mt-0.5 inline-block h-4 w-4 shrink-0 rounded-sm border border-zinc-500" />
                        <ProseHtml html={check.html} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <CodeBlockView key={i} block={item.block} renderCommand={renderCommand} renderBlock={renderBlock} />
                ),
              )}
            </div>
          </section>
        </li>
      ))}
    </ol>
  );
}
