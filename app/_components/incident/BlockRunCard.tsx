"use client";
import type { RunbookCodeBlock } from "@/server/shared/runbook";
import { RunControls, type RunSummary } from "./RunControls";

/** "Run block": every command of a code block, in order, as one script in one terminal. */
export function BlockRunCard({
  incidentId,
  block,
  lastRun,
  onChanged,
}: {
  incidentId: string;
  block: RunbookCodeBlock;
  lastRun: RunSummary | null;
  onChanged: () => void;
}) {
  const label = `block at line ${block.line}`;
  return (
    <section
      aria-label={`Run ${label}`}
      data-runnable=""
      tabIndex={-1}
      className="scroll-mt-24 rounded border border-dashed border-zinc-700 p-2 outline-none data-[current]:ring-2 data-[current]:ring-amber-400"
    >
      <p className="text-xs text-zinc-400">All {block.commands.length} commands of this block, in order, as one script</p>
      <div className="-mt-5">
        <RunControls
          incidentId={incidentId}
          runnableId={block.id}
          text={block.commands.map((c) => c.text).join("\n")}
          label={label}
          runLabel="Run block"
          lastRun={lastRun}
          editable={false}
          onChanged={onChanged}
        />
      </div>
    </section>
  );
}
