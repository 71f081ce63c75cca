"use client";
import { useEffect, useState } from "react";
import type { EscalationRule } from "@/server/shared/runbook";
import { formatDuration } from "@/server/shared/timeline-figures";

/** Time left before the runbook says to escalate; once it passes, a prompt that stays. */
export function EscalationCountdown({ rule, openedAt, due, escalationSectionId }: { rule: EscalationRule; openedAt: Date; due: boolean; escalationSectionId: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = openedAt.getTime() + rule.afterMinutes * 60_000 - now;
  if (due || left <= 0) {
    return (
      <p role="alert" className="mt-3 rounded border border-red-700 bg-red-950/60 px-3 py-2 text-sm text-red-200">
        Escalation due: {rule.text}{" "}
        {escalationSectionId && (
          <a href={`#${escalationSectionId}`} className="font-semibold underline">
            Go to the Escalation checklist
          </a>
        )}
      </p>
    );
  }
  return (
    <p aria-label="Escalation countdown" className="mt-3 text-sm text-zinc-400">
      Escalate in <strong className="text-amber-300">{formatDuration(left)}</strong> ({rule.text})
    </p>
  );
}
