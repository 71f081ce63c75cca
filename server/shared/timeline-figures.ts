import { INCIDENT_STATUSES, SYSTEM_ACTOR, type IncidentStatus, type TimelineEvent } from "./timeline";

export interface KeyFigures {
  /** The first thing a person did after opening (the system's own events do not count). */
  toFirstAction: number | null;
  toFirstCommand: number | null;
  toMitigated: number | null;
  toResolved: number | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

const rank = (s: string) => INCIDENT_STATUSES.indexOf(s as IncidentStatus);

/**
 * The key figures of an incident, from its timeline, in milliseconds from its opening; the one
 * definition the commander's view, the export and the stored milestones share:
 * - mitigated: the first time the status reached mitigated (or went straight to resolved). A
 *   reopen does not move it: the impact was stopped then, and the status history shows the rest.
 * - resolved: the last resolution, if the incident is resolved now; null while it is open again.
 */
export function keyFigures(events: TimelineEvent[]): KeyFigures {
  const opened = events.find((e) => e.type === "incident.opened")?.at.getTime();
  const since = (at: Date | undefined | null) => (at && opened !== undefined ? Math.max(0, at.getTime() - opened) : null);
  const changes = events.flatMap((e) => (e.type === "status.changed" ? [{ at: e.at, to: e.payload.to }] : []));
  const mitigatedAt = changes.find((c) => rank(c.to) >= rank("mitigated"))?.at ?? null;
  const last = changes.at(-1);
  const resolvedAt = last?.to === "resolved" ? last.at : null;
  return {
    toFirstAction: since(events.find((e) => e.type !== "incident.opened" && e.actor !== SYSTEM_ACTOR)?.at),
    toFirstCommand: since(events.find((e) => e.type === "command.started")?.at),
    toMitigated: since(mitigatedAt),
    toResolved: since(resolvedAt),
    mitigatedAt,
    resolvedAt,
  };
}

/**
 * The runbook step each event belongs to (commands carry their section path; whatever a run
 * recorded belongs to its command's step), by event id.
 */
export function stepsOf(events: TimelineEvent[]): Map<string, string | null> {
  const byRun = new Map<string, string | null>();
  const out = new Map<string, string | null>();
  for (const e of events) {
    if (e.type === "command.started") {
      const step = e.payload.section.join(" / ") || null;
      if (e.runId) byRun.set(e.runId, step);
      out.set(e.id, step);
    } else {
      out.set(e.id, e.runId ? (byRun.get(e.runId) ?? null) : null);
    }
  }
  return out;
}

/** The one format for durations, everywhere (pages, export): 850ms, 42s, 3m 12s, 2h 5m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** How long ago, in words: "just now", "40s ago", "4 min ago", "3 h ago", "2 days ago"; "in 4 min" ahead. */
export function timeAgo(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 5) return "just now";
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const span = s < 60 ? `${s}s` : m < 60 ? `${m} min` : h < 48 ? `${h} h` : `${Math.floor(h / 24)} days`;
  return ms < 0 ? `in ${span}` : `${span} ago`;
}

/** The exact time, in UTC, as every page shows it beside a relative one. */
export function utcTime(at: Date): string {
  return `${at.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
