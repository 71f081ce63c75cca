"use client";
import { useEffect, useRef, useState } from "react";
import type { TimelineEvent } from "@/server/shared/timeline";
import type { IncidentData } from "./use-live-incident";

type Run = Pick<IncidentData["runs"][number], "id" | "commandText">;

function finished(e: Extract<TimelineEvent, { type: "command.finished" }>, runs: Run[]): string {
  const command = runs.find((r) => r.id === e.runId)?.commandText.split("\n")[0] ?? "A command";
  const p = e.payload;
  const how =
    p.status === "exited"
      ? `exit ${p.exitCode ?? "unknown"}`
      : p.status === "cancelled"
        ? "cancelled"
        : p.status === "timed-out"
          ? "timed out"
          : p.status === "interrupted"
            ? "interrupted"
            : p.signal
              ? `signal ${p.signal}`
              : p.status;
  return `${command} finished, ${how}`;
}

/**
 * What a screen reader hears while the incident moves: a finished run in full ("free -h finished,
 * exit 0"), other new events by who did what, several arriving together as one sentence. The
 * events already there when the page opened are not read out.
 */
export function LiveAnnouncer({ events, runs }: { events: TimelineEvent[]; runs: Run[] }) {
  const seen = useRef<number | null>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const last = events.at(-1)?.seq ?? -1;
    if (seen.current === null) {
      seen.current = last;
      return;
    }
    const fresh = events.filter((e) => e.seq > seen.current!);
    seen.current = last;
    if (fresh.length === 0) return;
    const runsDone = fresh.flatMap((e) => (e.type === "command.finished" ? [finished(e, runs)] : []));
    const others = fresh.filter((e) => e.type !== "command.finished");
    const parts = [...runsDone];
    const one = others[0];
    if (others.length === 1 && one)
      parts.push(
        one.type === "command.started"
          ? `${one.actor} started ${one.payload.text.split("\n")[0]}`
          : `${one.actor}: ${one.type.replace(/[._]/g, " ")}`,
      );
    else if (others.length > 1) parts.push(`${others.length} new timeline events`);
    if (parts.length) setMessage(parts.join(". "));
  }, [events, runs]);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-announcer">
      {message}
    </div>
  );
}
