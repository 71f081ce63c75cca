"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { useTRPC } from "@/app/_trpc/client";
import { describeStop, describeWait } from "@/server/shared/run-all";
import { allCommands, type RunbookCommand } from "@/server/shared/runbook";
import { RunConfirmation } from "./RunConfirmation";
import { useIncidentContext } from "./incident-context";
import type { IncidentData } from "./use-live-incident";

type RunAll = IncidentData["runAlls"][number];

const firstLine = (s: string) => s.split("\n")[0]!;
const button = "rounded border px-2 py-0.5 text-sm disabled:opacity-50";

/**
 * The incident's run-all as everyone watching sees it: the command it is on, what it waits for,
 * where and why it stopped; and for responders, Stop run-all, Resume, Skip and continue.
 */
export function RunAllPanel({
  runAll,
  runbook,
  openChecks,
  onChanged,
}: {
  runAll: RunAll;
  runbook: IncidentData["runbook"];
  /** The check items it listed as still open when it completed. */
  openChecks: string[];
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const canAct = useCan("responder");
  const { incidentId, askForVariable } = useIncidentContext();
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState("");
  const done = { onSuccess: () => (setSkipping(false), setReason(""), onChanged()) };
  const stop = useMutation(trpc.runAll.stop.mutationOptions(done));
  const resume = useMutation(trpc.runAll.resume.mutationOptions(done));
  const skip = useMutation(trpc.runAll.skip.mutationOptions(done));
  const confirm = useMutation(trpc.runAll.confirm.mutationOptions(done));
  const commands = new Map<string, RunbookCommand>(allCommands(runbook).map((c) => [c.id, c]));
  const from = runbook.sections.find((s) => s.id === runAll.fromStepId)?.title ?? runAll.fromStepId;
  const currentId = runAll.commandIds[runAll.position];
  const current = currentId ? commands.get(currentId) : undefined;
  const ids = { incidentId, runAllId: runAll.id };
  const error = stop.error ?? resume.error ?? skip.error ?? confirm.error;
  const going = runAll.state === "running" || runAll.state === "waiting";
  const canSkip = runAll.state === "stopped" || runAll.state === "waiting";

  const headline = (() => {
    const at = current ? <code className="break-all text-emerald-200">{firstLine(current.text)}</code> : null;
    const count = `(${Math.min(runAll.position + 1, runAll.commandIds.length)} of ${runAll.commandIds.length})`;
    const what = runAll.scope === "step" ? "Run step" : "Run all";
    const n = runAll.commandIds.length;
    switch (runAll.state) {
      case "running":
        return (
          <>
            {what} from “{from}”: on {at} {count}
            {runAll.stopRequestedBy && <span className="text-amber-300"> — stopping after it ({runAll.stopRequestedBy})</span>}
          </>
        );
      case "waiting":
        return (
          <>
            Run all paused: {runAll.wait ? describeWait(runAll.wait) : "waiting"} {at} {count}
          </>
        );
      case "stopped":
        return (
          <>
            Run all stopped{at && <> at {at}</>}: {runAll.stopReason ? describeStop(runAll.stopReason) : "stopped"}
          </>
        );
      case "completed":
        return (
          <>
            {what} from “{from}” completed: {n} command{n === 1 ? "" : "s"}.
          </>
        );
      default:
        return null;
    }
  })();
  if (!headline) return null;

  return (
    <section
      aria-label="Run all"
      className={`rounded border p-3 text-sm ${runAll.state === "stopped" ? "border-red-800 bg-red-950/30" : runAll.state === "waiting" ? "border-amber-700 bg-amber-950/30" : "border-zinc-700 bg-zinc-900"}`}
    >
      <p role="status" aria-label="Run all status" className="font-medium">
        {headline}
      </p>
      {runAll.state === "completed" && <OpenChecks open={openChecks} />}
      {runAll.state === "waiting" && runAll.wait?.kind === "variables" && (
        <p className="mt-1">
          {runAll.wait.names.map((n) => (
            <button
              key={n}
              type="button"
              onClick={() => askForVariable(n)}
              className={`${button} mr-1 border-amber-700 font-mono text-amber-100`}
            >
              ${n}
            </button>
          ))}
          It goes on by itself once {runAll.wait.names.length === 1 ? "it is" : "they are"} set.
        </p>
      )}
      {canAct && runAll.state === "waiting" && runAll.wait?.kind === "confirm" && current && (
        <RunConfirmation
          label={firstLine(current.text)}
          runnableId={current.id}
          text={current.text}
          editedText={undefined}
          guard={{
            risk: runAll.wait.risk,
            confirmWord: runAll.wait.confirmWord,
            needsApproval: runAll.wait.needsApproval,
            approvalReason: runAll.wait.needsApproval ? (runAll.wait.approvalReason ?? "destructive") : null,
            missingVariables: [],
            target: runAll.wait.target,
          }}
          busy={confirm.isPending}
          onRun={(c) => confirm.mutate({ ...ids, commandId: current.id, ...c })}
          onCancel={() => stop.mutate({ ...ids, cancelCurrent: false })}
        />
      )}
      {canAct && (going || canSkip) && (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {runAll.state === "stopped" && (
            <button
              type="button"
              className={`${button} border-amber-600 bg-amber-500 font-semibold text-zinc-950`}
              disabled={resume.isPending}
              onClick={() => resume.mutate(ids)}
            >
              Resume
            </button>
          )}
          {canSkip &&
            (skipping ? (
              <form
                className="flex items-center gap-1"
                onSubmit={(e) => {
                  e.preventDefault();
                  skip.mutate({ ...ids, reason });
                }}
              >
                <input
                  aria-label="Why skip this command"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="why skip it?"
                  className="rounded border border-zinc-700 bg-zinc-950 px-1.5 py-0.5"
                />
                <button
                  type="submit"
                  className={`${button} border-zinc-600 text-zinc-200`}
                  disabled={skip.isPending || reason.trim() === ""}
                >
                  Skip and continue
                </button>
              </form>
            ) : (
              <button type="button" className={`${button} border-zinc-600 text-zinc-200`} onClick={() => setSkipping(true)}>
                Skip and continue
              </button>
            ))}
          {going && (
            <button
              type="button"
              className={`${button} border-red-700 text-red-300`}
              disabled={stop.isPending}
              onClick={() => stop.mutate({ ...ids, cancelCurrent: false })}
            >
              Stop run-all
            </button>
          )}
          {runAll.state === "running" && runAll.currentRunId && (
            <button
              type="button"
              className={`${button} border-red-700 text-red-300`}
              disabled={stop.isPending}
              onClick={() => stop.mutate({ ...ids, cancelCurrent: true })}
            >
              Stop and cancel the command
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-300">
          {error.message}
        </p>
      )}
    </section>
  );
}

function OpenChecks({ open }: { open: string[] }) {
  if (open.length === 0) return null;
  return (
    <div className="mt-1">
      <p>Still open (for a person to check):</p>
      <ul aria-label="Open check items" className="ml-5 list-disc">
        {open.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
    </div>
  );
}

/** Run step and Run all from here, on a step with shell commands. */
export function RunAllButtons({ stepId, title, busy, onChanged }: { stepId: string; title: string; busy: boolean; onChanged: () => void }) {
  const trpc = useTRPC();
  const { incidentId } = useIncidentContext();
  const start = useMutation(trpc.runAll.start.mutationOptions({ onSuccess: onChanged }));
  const cls = "rounded border border-amber-700 px-1.5 py-0.5 text-xs text-amber-200 hover:bg-amber-950 disabled:opacity-50";
  return (
    <span className="flex flex-wrap items-center gap-1">
      <button
        type="button"
        aria-description={`Run the commands of ${title} in order`}
        className={cls}
        disabled={busy || start.isPending}
        onClick={() => start.mutate({ incidentId, fromStepId: stepId, scope: "step" })}
      >
        Run step
      </button>
      <button
        type="button"
        aria-description={`Run ${title} and every step after it`}
        className={cls}
        disabled={busy || start.isPending}
        onClick={() => start.mutate({ incidentId, fromStepId: stepId, scope: "from-here" })}
      >
        Run all from here
      </button>
      {start.error && (
        <span role="alert" className="text-xs text-red-300">
          {start.error.message}
        </span>
      )}
    </span>
  );
}
