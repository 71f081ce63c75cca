"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { useTRPC } from "@/app/_trpc/client";
import { RunTerminal, type RunExit } from "@/app/_components/terminal/RunTerminal";
import { ZRunStatus } from "@/server/shared/timeline";
import { ExitBadge } from "./ExitBadge";
import { EditDiff } from "./EditDiff";
import { useIncidentContext, type CheckOutcome } from "./incident-context";
import type { IncidentData } from "./use-live-incident";
import { runOutputHref } from "./run-output-href";
import { RunConfirmation, type GuardView } from "./RunConfirmation";

/** The latest run of a command, as the incident view has it. */
export type RunSummary = Pick<IncidentData["runs"][number], "id" | "finishedAt" | "exitCode" | "signal" | "status">;

interface Props {
  incidentId: string;
  /** A command's or a block's id. */
  runnableId: string;
  text: string;
  label: string;
  runLabel: string;
  lastRun: RunSummary | null;
  editable: boolean;
  onChanged: () => void;
}

// A status the database holds but this code does not know can only come from a newer version.
const asStatus = (s: string) => ZRunStatus.catch("interrupted").parse(s);

/**
 * Run / Cancel / Edit-and-run for one command or block, and the terminal of its latest run. The
 * person who pressed Run gets the runner token: their keystrokes reach the command.
 */
export function RunControls({ incidentId, runnableId, text, label, runLabel, lastRun, editable, onChanged }: Props) {
  const trpc = useTRPC();
  const [streamExit, setStreamExit] = useState<{ runId: string; exit: RunExit } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const canRun = useCan("responder");
  const [confirming, setConfirming] = useState<{ guard: GuardView; editedText: string | undefined } | null>(null);
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: () => {
        setEditing(null);
        setConfirming(null);
        onChanged();
      },
    }),
  );
  const stop = useMutation(trpc.runs.stop.mutationOptions());
  // What running it takes comes from the server (the same check it applies to the run itself).
  const checking = useMutation(trpc.runs.guard.mutationOptions());
  const { missingVariables, askForVariable, checkOfRun } = useIncidentContext();
  // Variables the edit being checked needs, else the ones the runbook's command needs.
  const [editMissing, setEditMissing] = useState<GuardView["missingVariables"]>([]);
  const missing = editing !== null ? editMissing : (missingVariables[runnableId] ?? []);

  // The run this viewer just started, else the latest recorded one.
  const runId = start.data?.runId ?? lastRun?.id;
  const runnerToken = start.data?.runnerToken;
  const exit =
    lastRun && lastRun.id === runId && lastRun.finishedAt
      ? { exitCode: lastRun.exitCode, signal: lastRun.signal, status: asStatus(lastRun.status) }
      : streamExit && streamExit.runId === runId
        ? streamExit.exit
        : null;
  const running = Boolean(runId) && !exit;
  const startRun = (
    editedText: string | undefined,
    confirmation: { confirmed?: GuardView["risk"]; confirmWord?: string; approvalId?: string } = {},
  ) => start.mutate({ incidentId, commandId: runnableId, ...(editedText !== undefined ? { editedText } : {}), ...confirmation });
  // A variable only a person can give is asked for; one an earlier command sets is named on the card.
  const askFirst = (names: GuardView["missingVariables"]) => {
    const byHand = names.find((m) => !m.setEarlierInBlock);
    if (byHand) askForVariable(byHand.name);
  };
  // Read-only commands run on one click; anything else asks first; nothing runs with a needed variable unset.
  const run = (editedText?: string) => {
    if (editedText === undefined && missing.length > 0) return askFirst(missing);
    checking.mutate(
      { incidentId, commandId: runnableId, ...(editedText !== undefined ? { editedText } : {}) },
      {
        onSuccess: (guard) => {
          if (editedText !== undefined) setEditMissing(guard.missingVariables);
          if (guard.missingVariables.length > 0) askFirst(guard.missingVariables);
          else if (guard.risk === "read-only") startRun(editedText);
          else setConfirming({ guard, editedText });
        },
      },
    );
  };

  return (
    <div>
      <div className="flex shrink-0 flex-wrap items-center justify-end gap-2">
        {runId && <ExitBadge exitCode={exit?.exitCode ?? null} signal={exit?.signal ?? null} status={exit?.status} running={running} />}
        {runId && !running && <CheckBadge outcome={checkOfRun(runId)} />}
        {!canRun ? null : running && runId ? (
          <button
            type="button"
            data-action="cancel"
            onClick={() => stop.mutate({ incidentId, runId })}
            disabled={stop.isPending}
            className="rounded border border-red-700 px-3 py-1 text-sm font-semibold text-red-300 hover:bg-red-950 disabled:opacity-50"
          >
            Cancel
          </button>
        ) : (
          <>
            {editable && (
              <button
                type="button"
                data-action="edit"
                onClick={() => setEditing(editing === null ? text : null)}
                className="rounded border border-zinc-700 px-2 py-1 text-sm text-zinc-300 hover:bg-zinc-800"
              >
                {editing === null ? "Edit" : "Discard edit"}
              </button>
            )}
            <button
              type="button"
              data-action="run"
              onClick={() => run()}
              disabled={start.isPending || checking.isPending || confirming !== null}
              className="rounded bg-amber-500 px-3 py-1 text-sm font-semibold text-zinc-950 hover:bg-amber-400 disabled:opacity-50"
            >
              {runLabel}
            </button>
          </>
        )}
      </div>
      {missing.length > 0 && !running && <MissingVariables missing={missing} onSet={askForVariable} />}
      {editing !== null && !running && canRun && (
        <div className="mt-2 space-y-2">
          <textarea
            aria-label={`Edited ${label}`}
            value={editing}
            onChange={(e) => {
              setEditing(e.target.value);
              setEditMissing([]);
            }}
            rows={Math.min(10, editing.split("\n").length + 1)}
            className="w-full rounded border border-zinc-700 bg-zinc-950 p-2 font-mono text-sm text-emerald-200"
          />
          {editing !== text && <EditDiff original={text} edited={editing} />}
          <button
            type="button"
            onClick={() => run(editing)}
            disabled={start.isPending || editing.trim() === ""}
            className="rounded bg-amber-600 px-3 py-1 text-sm font-semibold text-zinc-950 hover:bg-amber-500 disabled:opacity-50"
          >
            Run edited
          </button>
          <span className="ml-2 text-xs text-zinc-400">The timeline records both the runbook's text and yours.</span>
        </div>
      )}
      {confirming && !running && (
        <RunConfirmation
          label={label}
          runnableId={runnableId}
          text={text}
          editedText={confirming.editedText}
          guard={confirming.guard}
          busy={start.isPending}
          onRun={(c) => startRun(confirming.editedText, c)}
          onCancel={() => setConfirming(null)}
          modal
        />
      )}
      {(start.error ?? stop.error ?? checking.error) && (
        <p role="alert" className="mt-2 text-sm text-red-300">
          {(start.error ?? stop.error ?? checking.error)!.message}
        </p>
      )}
      {runId && (
        <div className="mt-3">
          <p className="mb-1 flex justify-end gap-3 text-xs">
            {/* The whole output as text: what scrolled out of the terminal, for reading, copying and tests. */}
            <a href={runOutputHref(incidentId, runId)} target="_blank" rel="noopener" className="text-sky-300 hover:underline">
              Full output
            </a>
            <a href={runOutputHref(incidentId, runId, true)} className="text-sky-300 hover:underline">
              Download output
            </a>
          </p>
          <RunTerminal
            key={runId}
            runId={runId}
            runnerToken={runnerToken}
            downloadHref={runOutputHref(incidentId, runId, true)}
            label={`Output of ${label}`}
            onExit={(e) => {
              setStreamExit({ runId, exit: e });
              onChanged();
            }}
          />
        </div>
      )}
    </div>
  );
}

/** The variables this command reads that nothing sets: it does not run until they are. */
function MissingVariables({ missing, onSet }: { missing: GuardView["missingVariables"]; onSet: (name: string) => void }) {
  const byHand = missing.filter((m) => !m.setEarlierInBlock);
  const earlier = missing.filter((m) => m.setEarlierInBlock);
  return (
    <div
      role="status"
      aria-label="Missing variables"
      className="mt-2 space-y-1 rounded border border-amber-800 bg-amber-950/30 px-2 py-1 text-sm text-amber-200"
    >
      {byHand.length > 0 && (
        <p>
          Set {byHand.length === 1 ? "this variable" : "these variables"} first: the command needs {byHand.length === 1 ? "it" : "them"}.
          {byHand.map((m) => (
            <button
              key={m.name}
              type="button"
              onClick={() => onSet(m.name)}
              className="ml-2 rounded border border-amber-700 px-1.5 font-mono text-xs text-amber-100 hover:bg-amber-900"
            >
              ${m.name}
            </button>
          ))}
        </p>
      )}
      {earlier.length > 0 && (
        <p>
          Run the command above first: it sets <span className="font-mono">{earlier.map((m) => `$${m.name}`).join(", ")}</span>, which this
          one needs.
        </p>
      )}
    </div>
  );
}

/** The run's output checks: "check passed", or "check failed: expected …" with what did not hold. */
function CheckBadge({ outcome }: { outcome: CheckOutcome | null }) {
  if (!outcome) return null;
  return outcome.passed ? (
    <span className="rounded border border-emerald-700 bg-emerald-950 px-1.5 py-0.5 text-xs text-emerald-300">check passed</span>
  ) : (
    <span className="rounded border border-red-700 bg-red-950 px-1.5 py-0.5 text-xs text-red-300">
      check failed: {outcome.failed.join("; ").replace(/^expects/, "expected")}
    </span>
  );
}
