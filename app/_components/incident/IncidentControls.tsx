"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { useTRPC } from "@/app/_trpc/client";
import { INCIDENT_STATUSES, type IncidentStatus } from "@/server/shared/timeline";

/** Status (with a reason when going back) and notes: both become timeline events. */
export function IncidentControls({ incidentId, status, onChanged }: { incidentId: string; status: string; onChanged: () => void }) {
  const trpc = useTRPC();
  const [next, setNext] = useState<IncidentStatus>(nextStatus(status));
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const change = useMutation(trpc.incidents.changeStatus.mutationOptions({ onSuccess: () => (setReason(""), onChanged()) }));
  const add = useMutation(trpc.incidents.addNote.mutationOptions({ onSuccess: () => (setNote(""), onChanged()) }));
  const canCommand = useCan("commander");
  const backwards = INCIDENT_STATUSES.indexOf(next) < INCIDENT_STATUSES.indexOf(status as IncidentStatus);
  return (
    <section aria-label="Incident controls" className="space-y-3 rounded border border-zinc-800 bg-zinc-900 p-3 text-sm">
      {canCommand && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({ incidentId, status: next, ...(reason.trim() ? { reason } : {}) });
          }}
        >
          <label htmlFor="next-status" className="text-zinc-400">
            Status
          </label>
          <select
            id="next-status"
            value={next}
            onChange={(e) => setNext(e.target.value as IncidentStatus)}
            className="rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
          >
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {backwards && (
            <input
              aria-label="Reason for going back"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="why (required)"
              className="min-w-0 flex-1 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
            />
          )}
          <button
            type="submit"
            disabled={change.isPending}
            className="rounded border border-amber-600 px-2 py-0.5 text-amber-200 hover:bg-amber-950 disabled:opacity-50"
          >
            Set status
          </button>
        </form>
      )}
      {change.error && (
        <p role="alert" className="text-xs text-red-300">
          {change.error.message}
        </p>
      )}
      <form
        className="space-y-1"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ incidentId, text: note });
        }}
      >
        <textarea
          aria-label="Note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          placeholder="What you saw, decided or tried"
          className="w-full rounded border border-zinc-700 bg-zinc-950 p-2"
        />
        <button
          type="submit"
          disabled={add.isPending || !note.trim()}
          className="rounded border border-zinc-600 px-2 py-0.5 text-zinc-200 hover:bg-zinc-800 disabled:opacity-50"
        >
          Add note
        </button>
      </form>
      {add.error && (
        <p role="alert" className="text-xs text-red-300">
          {add.error.message}
        </p>
      )}
    </section>
  );
}

function nextStatus(status: string): IncidentStatus {
  const i = INCIDENT_STATUSES.indexOf(status as IncidentStatus);
  return INCIDENT_STATUSES[Math.min(i + 1, INCIDENT_STATUSES.length - 1)] ?? "identified";
}
