"use client";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { CommandText } from "@/app/_components/runbook/CommandText";
import { RunTerminal, type RunExit } from "@/app/_components/terminal/RunTerminal";
import type { RunbookCommand } from "@/server/shared/runbook";
import { ExitBadge } from "./ExitBadge";

export interface RunSummary {
  id: string;
  finishedAt: Date | null;
  exitCode: number | null;
  signal: string | null;
}

interface Props {
  incidentId: string;
  command: RunbookCommand;
  lastRun: RunSummary | null;
  onChanged: () => void;
}

export function CommandCard({ incidentId, command, lastRun, onChanged }: Props) {
  const trpc = useTRPC();
  const textId = useId();
  const [streamExit, setStreamExit] = useState<{ runId: string; exit: RunExit } | null>(null);
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: onChanged }));

  // The run this viewer just started, else the latest recorded one.
  const runId = start.data?.runId ?? lastRun?.id;
  const exit =
    lastRun && lastRun.id === runId && lastRun.finishedAt
      ? { exitCode: lastRun.exitCode, signal: lastRun.signal }
      : streamExit && streamExit.runId === runId
        ? streamExit.exit
        : null;
  const running = Boolean(runId) && !exit;

  return (
    <article aria-labelledby={textId} className="rounded border border-zinc-800 bg-zinc-900 p-3">
      <div className="flex items-start gap-3">
        <CommandText command={command} id={textId} />
        <div className="flex shrink-0 items-center gap-2">
          {runId && <ExitBadge exitCode={exit?.exitCode ?? null} signal={exit?.signal ?? null} running={running} />}
          <button
            type="button"
            onClick={() => start.mutate({ incidentId, commandId: command.id })}
            disabled={start.isPending || running}
            className="rounded bg-amber-500 px-3 py-1 text-sm font-semibold text-zinc-950 hover:bg-amber-400 disabled:opacity-50"
          >
            Run
          </button>
        </div>
      </div>
      {start.error && (
        <p role="alert" className="mt-2 text-sm text-red-300">
          {start.error.message}
        </p>
      )}
      {runId && (
        <div className="mt-3">
          <RunTerminal
            key={runId}
            runId={runId}
            label={`Output of ${command.text.split("\n")[0]}`}
            onExit={(e) => {
              setStreamExit({ runId, exit: e });
              onChanged();
            }}
          />
        </div>
      )}
    </article>
  );
}
