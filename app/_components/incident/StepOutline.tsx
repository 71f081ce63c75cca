import type { RunbookSection } from "@/server/shared/runbook";
import type { StepStatus } from "@/server/shared/step-progress";
import { STEP_TONE } from "@/app/_components/runbook/step-status-tone";

const MARK: Record<StepStatus, string> = {
  "not started": "○",
  "in progress": "◐",
  done: "●",
  failed: "✕",
  skipped: "–",
};

/**
 * Every step with where it stands, each a link to it: a sticky column on wide screens, a drawer
 * (a disclosure) above the steps on narrow ones. The state is a word, not only a colour (a step
 * not started yet is the only one without it: its empty circle says it, and the list stays short).
 */
export function StepOutline({
  sections,
  status,
  variant,
}: {
  sections: RunbookSection[];
  status: (id: string) => StepStatus | undefined;
  variant: "column" | "drawer";
}) {
  const steps = sections.filter((s) => status(s.id) !== undefined);
  const done = steps.filter((s) => status(s.id) === "done").length;
  const list = (
    <ol className="space-y-1 text-sm">
      {steps.map((s) => {
        const st = status(s.id)!;
        return (
          <li key={s.id}>
            <a
              href={`#${s.id}`}
              aria-label={`${s.title}: ${st}`}
              className="flex min-h-8 items-start gap-2 rounded px-1 py-0.5 hover:bg-zinc-800"
            >
              <span aria-hidden className={`w-4 shrink-0 text-center ${STEP_TONE[st]}`}>
                {MARK[st]}
              </span>
              {/* The state under the title: beside it, it took a third of the narrow column and
                  wrapped every title over three or four lines. */}
              <span className="min-w-0 flex-1">
                <span className="block text-zinc-200">{s.title}</span>
                {st !== "not started" && <span className={`block text-xs ${STEP_TONE[st]}`}>{st}</span>}
              </span>
            </a>
          </li>
        );
      })}
    </ol>
  );
  const summary = `Steps: ${done} of ${steps.length} done`;
  return variant === "column" ? (
    <nav aria-label="Step outline" className="hidden xl:block">
      <div className="sticky top-4 max-h-[calc(100vh-2rem)] overflow-y-auto rounded-lg border border-zinc-800 bg-zinc-900/60 p-3">
        <h2 className="mb-2 text-sm font-semibold text-zinc-300">{summary}</h2>
        {list}
      </div>
    </nav>
  ) : (
    <nav aria-label="Step outline" className="xl:hidden">
      <details className="rounded-lg border border-zinc-800 bg-zinc-900/60 px-3 py-1">
        <summary className="flex min-h-11 cursor-pointer items-center text-sm font-semibold text-zinc-300">{summary}</summary>
        <div className="pb-2">{list}</div>
      </details>
    </nav>
  );
}
