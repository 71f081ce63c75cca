"use client";
import { useMutation } from "@tanstack/react-query";
import { createFocusTrap } from "focus-trap";
import { useEffect, useRef, useState } from "react";
import { useCurrentUser } from "@/app/_components/auth/CurrentUser";
import { useTRPC, type RouterOutputs } from "@/app/_trpc/client";
import { EditDiff } from "./EditDiff";
import { resolveVariables, useIncidentContext } from "./incident-context";

export type GuardView = RouterOutputs["runs"]["guard"];

interface Props {
  label: string;
  runnableId: string;
  /** The runbook's text, and the edit about to run instead (if any). */
  text: string;
  editedText: string | undefined;
  guard: GuardView;
  busy: boolean;
  onRun: (confirmation: { confirmed: GuardView["risk"]; confirmWord?: string; approvalId?: string }) => void;
  onCancel: () => void;
  /**
   * Opened by this person's own click: focus is trapped in it and Esc closes it. Not for the
   * run-all's pause, which opens on everyone's screen at once and must not take their focus.
   */
  modal?: boolean;
}

/**
 * The pause before a command that changes things: the exact command as it will run (variables
 * filled in, secrets masked), the edit's changes, the word to type for a destructive one, and the
 * commander's approval when the incident asks for one.
 */
export function RunConfirmation({ label, runnableId, text, editedText, guard, busy, onRun, onCancel, modal = false }: Props) {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const { incidentId, variables, approvals } = useIncidentContext();
  const [word, setWord] = useState("");
  const request = useMutation(trpc.runs.requestApproval.mutationOptions());
  const runText = editedText ?? text;
  const approval = guard.needsApproval
    ? approvals.findLast((a) => a.commandId === runnableId && a.text === runText && a.requestedBy === me?.email && !a.usedByRunId)
    : undefined;
  const wordOk = guard.confirmWord === null || word.trim() === guard.confirmWord;
  const approved = !guard.needsApproval || approval?.decision === "approved";
  const destructive = guard.risk === "destructive";
  const canRun = !busy && wordOk && approved;
  const run = () =>
    onRun({
      confirmed: guard.risk,
      ...(guard.confirmWord !== null ? { confirmWord: word.trim() } : {}),
      ...(approval ? { approvalId: approval.id } : {}),
    });

  // Keyboard first: focus moves into the dialog (the word to type, else its first button) and
  // stays there until it closes; Esc closes it, and focus goes back to where it was.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !modal) return;
    const trap = createFocusTrap(el, {
      initialFocus: () => el.querySelector<HTMLElement>("input") ?? el.querySelector<HTMLElement>("button:not([disabled])") ?? el,
      fallbackFocus: el,
      escapeDeactivates: false,
      allowOutsideClick: true,
      returnFocusOnDeactivate: true,
    });
    trap.activate();
    return () => void trap.deactivate();
  }, [modal]);

  return (
    <div
      ref={box}
      tabIndex={-1}
      role="dialog"
      aria-modal={modal}
      onKeyDown={(e) => {
        if (e.key === "Escape" && modal) {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        } else if (e.key === "Enter" && e.target instanceof HTMLInputElement) {
          // Enter in the word field confirms only once the word matches (and any approval is in).
          e.preventDefault();
          if (canRun) run();
        }
      }}
      aria-label={`Confirm ${label}`}
      className={`mt-2 space-y-2 rounded border p-3 text-sm ${destructive ? "border-red-700 bg-red-950/30" : "border-amber-700 bg-amber-950/20"}`}
    >
      <p className={destructive ? "font-semibold text-red-300" : "font-semibold text-amber-300"}>
        {destructive ? "This command can destroy data." : "This command changes things."} It will run{" "}
        {guard.target ? (
          <>
            on <strong aria-label="Target">{guard.target.name}</strong> ({guard.target.where})
          </>
        ) : (
          "on the Runlog server"
        )}{" "}
        exactly as:
      </p>
      <pre
        aria-label="Command as it will run"
        className="whitespace-pre-wrap break-all rounded bg-zinc-950 p-2 font-mono text-xs text-emerald-200"
      >
        {resolveVariables(runText, variables)}
      </pre>
      {editedText !== undefined && editedText !== text && <EditDiff original={text} edited={editedText} />}
      {guard.confirmWord !== null && (
        <label className="block">
          Type <code className="rounded bg-zinc-800 px-1 text-red-200">{guard.confirmWord}</code> to confirm
          <input
            aria-label="Confirmation word"
            value={word}
            onChange={(e) => setWord(e.target.value)}
            autoComplete="off"
            className="mt-1 block w-48 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5 font-mono"
          />
        </label>
      )}
      {guard.needsApproval && (
        <div aria-label="Approval" className="text-zinc-300">
          {!approval || approval.decision === "refused" ? (
            <>
              {approval?.decision === "refused" && (
                <p className="text-red-300">
                  {approval.decidedBy} refused: {approval.reason}
                </p>
              )}
              <p>
                This incident needs a commander&apos;s approval for{" "}
                {guard.approvalReason === "edited"
                  ? "edited commands"
                  : guard.approvalReason === "target"
                    ? `commands that change things on ${guard.target?.name ?? "this target"}`
                    : "destructive commands"}
                .
              </p>
              <button
                type="button"
                disabled={request.isPending}
                onClick={() => request.mutate({ incidentId, commandId: runnableId, ...(editedText !== undefined ? { editedText } : {}) })}
                className="mt-1 rounded border border-amber-600 px-2 py-0.5 text-amber-300 hover:bg-amber-950"
              >
                Request approval
              </button>
            </>
          ) : approval.decision === "approved" ? (
            <p className="text-emerald-300">Approved by {approval.decidedBy}.</p>
          ) : (
            <p className="text-amber-300">Waiting for a commander&apos;s approval…</p>
          )}
          {request.error && (
            <p role="alert" className="text-red-300">
              {request.error.message}
            </p>
          )}
        </div>
      )}
      <div className="flex gap-2">
        <button
          type="button"
          disabled={!canRun}
          onClick={run}
          className={`rounded px-3 py-1 font-semibold text-zinc-950 disabled:opacity-40 ${destructive ? "bg-red-500 hover:bg-red-400" : "bg-amber-500 hover:bg-amber-400"}`}
        >
          Confirm and run
        </button>
        <button type="button" onClick={onCancel} className="rounded border border-zinc-700 px-3 py-1 text-zinc-300 hover:bg-zinc-800">
          Don&apos;t run
        </button>
        <span className="self-center text-xs text-zinc-400">
          {[modal ? "Esc closes" : null, guard.confirmWord !== null ? "Enter runs once the word matches" : null]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
    </div>
  );
}
