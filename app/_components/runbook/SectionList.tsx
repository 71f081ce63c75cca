import type { ReactNode } from "react";
import type { RunbookCommand, RunbookSection } from "@/server/shared/runbook";

interface Props {
  sections: RunbookSection[];
  label: string;
  renderCommand: (command: RunbookCommand) => ReactNode;
}

/** A runbook's sections in order, prose and code interleaved as written. */
export function SectionList({ sections, label, renderCommand }: Props) {
  return (
    <ol className="space-y-8" aria-label={label}>
      {sections.map((s) => (
        <li key={s.id} style={{ marginLeft: `${(s.depth - 2) * 1.25}rem` }}>
          <section aria-label={s.title}>
            <h2 className={s.depth === 2 ? "text-xl font-semibold" : "text-lg font-medium text-zinc-200"}>{s.title}</h2>
            <div className="mt-2 space-y-2">
              {s.content.map((item, i) =>
                item.kind === "prose" ? (
                  <p key={i} className="whitespace-pre-line text-sm text-zinc-400">
                    {item.text}
                  </p>
                ) : item.block.runnable ? (
                  <div key={i} className="space-y-2">
                    {item.block.commands.map((c) => (
                      <div key={c.id}>{renderCommand(c)}</div>
                    ))}
                  </div>
                ) : (
                  <pre
                    key={i}
                    className="overflow-x-auto rounded border border-zinc-800 bg-zinc-900/50 p-3 font-mono text-sm text-zinc-300"
                  >
                    {item.block.text}
                  </pre>
                ),
              )}
            </div>
          </section>
        </li>
      ))}
    </ol>
  );
}
