"use client";
import { useId } from "react";
import { CommandText } from "@/app/_components/runbook/CommandText";
import type { RunbookCommand } from "@/server/shared/runbook";
import { RunControls, type RunSummary } from "./RunControls";
import { useIncidentContext } from "./incident-context";

interface Props {
  incidentId: string;
  command: RunbookCommand;
  lastRun: RunSummary | null;
  onChanged: () => void;
}

export function CommandCard({ incidentId, command, lastRun, onChanged }: Props) {
  const textId = useId();
  const { targets } = useIncidentContext();
  return (
    <article
      aria-labelledby={textId}
      data-command-id={command.id}
      data-runnable=""
      tabIndex={-1}
      className="scroll-mt-24 rounded border border-zinc-800 bg-zinc-900 p-3 outline-none data-[current]:ring-2 data-[current]:ring-amber-400"
    >
      <CommandText command={command} id={textId} target={targets[command.id]} />
      <div className="mt-2">
        <RunControls
          incidentId={incidentId}
          runnableId={command.id}
          text={command.text}
          label={command.text.split("\n")[0]!}
          runLabel="Run"
          lastRun={lastRun}
          editable
          onChanged={onChanged}
        />
      </div>
    </article>
  );
}
