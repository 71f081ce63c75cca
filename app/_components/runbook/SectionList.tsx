import type { ReactNode } from "react";
import type { RunbookCodeBlock, RunbookCommand, RunbookSection } from "@/server/shared/runbook";
import type { StepStatus } from "@/server/shared/step-progress";
import { CodeBlockView } from "./CodeBlockView";
import { ProseHtml } from "./ProseHtml";
import { STEP_TONE } from "./step-status-tone";

interface Props {
  sections: RunbookSection[];
  label: string;
  renderCommand: (command: RunbookCommand) => ReactNode;
  renderBlock?: (block: RunbookCodeBlock) => ReactNode;
  /** During an incident: where each step stands. */
  stepStatus?: (sectionId: string) => StepStatus | undefined;
  /** During an incident: check items can be ticked, and the timeline records it. */
  /** Tickable check items; without `onCheck` (a viewer) they show their state read-only. */
  checks?: { isChecked: (itemId: string) => boolean; onCheck: ((itemId: string, checked: boolean) => void) | undefined };
  /** During an incident: controls to mark a step done or skipped. */
  stepActions?: (section: RunbookSection) => ReactNode;
}

const STEP_RING: Record<StepStatus, string> = {
  "not started": "ring-zinc-700",
  "in progress": "ring-sky-700",
  done: "ring-emerald-700",
  failed: "ring-red-700",
  skipped: "ring-zinc-600 line-through",
};

/** A runbook's sections in order, prose, check items and code interleaved as written. */
export function SectionList({ sections, label, renderCommand, renderBlock, stepStatus, checks, stepActions }: Props) {
  const top = Math.min(...sections.map((s) => s.depth));
  return (
    <ol className="space-y-8" aria-label={label}>
      {sections.map((s) => (
        <li
          key={s.id}
          id={s.id}
          data-step-status={stepStatus?.(s.id)}
          className="scroll-mt-24"
          style={{ marginLeft: `${(s.depth - top) * 1.25}rem` }}
        >
          <section aria-label={s.title}>
            <div className="flex flex-wrap items-center gap-2">
              <h2 className={s.depth <= top ? "text-xl font-semibold" : "text-lg font-medium text-zinc-200"}>{s.title}</h2>
              {stepStatus?.(s.id) && (
                <span
                  aria-label={`Step ${s.title}: ${stepStatus(s.id)}`}
                  className={`rounded px-1.5 py-0.5 text-xs ring-1 ${STEP_TONE[stepStatus(s.id)!]} ${STEP_RING[stepStatus(s.id)!]}`}
                >
                  {stepStatus(s.id)}
                </span>
              )}
              {stepActions?.(s)}
            </div>
            <div className="mt-2 space-y-3">
              {s.content.map((item, i) =>
                item.kind === "prose" ? (
                  <ProseHtml key={i} html={item.html} />
                ) : item.kind === "checklist" ? (
                  <ul key={i} aria-label="Checklist" className="space-y-1.5">
                    {item.items.map((check) => (
                      <li key={check.id} className="flex gap-2 text-sm">
                        {checks ? (
                          <input
                            type="checkbox"
                            aria-label={check.text.split("\n")[0]}
                            checked={checks.isChecked(check.id)}
                            disabled={!checks.onCheck}
                            onChange={(e) => checks.onCheck?.(check.id, e.target.checked)}
                            className="mt-1 h-4 w-4 shrink-0 accent-amber-500"
                          />
                        ) : (
                          <span aria-hidden className="mt-0.5 inline-block h-4 w-4 shrink-0 rounded-sm border border-zinc-500" />
                        )}
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
