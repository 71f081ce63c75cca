"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import type { EscalationRule } from "@/server/shared/runbook";
import { formatDuration } from "@/server/shared/timeline-figures";

interface Props {
  incidentId: string;
  rule: EscalationRule;
  openedAt: Date;
  due: boolean;
  /** To whom it was escalated already, if it was. */
  escalatedTo: string | null;
  escalationSectionId: string | null;
  onChanged: () => void;
}

/** Time left before the runbook says to escalate; once it passes, a prompt to escalate and record it. */
export function EscalationCountdown({ incidentId, rule, openedAt, due, escalatedTo, escalationSectionId, onChanged }: Props) {
  const trpc = useTRPC();
  const [now, setNow] = useState(() => Date.now());
  const [to, setTo] = useState("");
  const escalate = useMutation(trpc.incidents.escalate.mutationOptions({ onSuccess: onChanged }));
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (escalatedTo) return <p className="mt-3 text-sm text-amber-300">Escalated to {escalatedTo}.</p>;
  const left = openedAt.getTime() + rule.afterMinutes * 60_000 - now;
  if (due || left <= 0) {
    return (
      <div role="alert" className="mt-3 space-y-2 rounded border border-red-700 bg-red-950/60 px-3 py-2 text-sm text-red-200">
        <p>
          Escalation due: {rule.text}{" "}
          {escalationSectionId && (
            <a href={`#${escalationSectionId}`} className="font-semibold underline">
              Go to the Escalation checklist
            </a>
          )}
        </p>
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            escalate.mutate({ incidentId, to });
          }}
        >
          <input
            aria-label="Escalated to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="who was paged"
            className="rounded border border-red-800 bg-zinc-950 px-2 py-0.5"
          />
          <button
            type="submit"
            disabled={escalate.isPending}
            className="rounded bg-red-700 px-2 py-0.5 font-semibold text-white hover:bg-red-600 disabled:opacity-50"
          >
            Record escalation
          </button>
          {escalate.error && <span className="text-xs">{escalate.error.message}</span>}
        </form>
      </div>
    );
  }
  return (
    <p aria-label="Escalation countdown" className="mt-3 text-sm text-zinc-400">
      Escalate in <strong className="text-amber-300">{formatDuration(left)}</strong> ({rule.text})
    </p>
  );
}
