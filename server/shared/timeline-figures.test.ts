import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "./timeline";
import { formatDuration, keyFigures, stepsOf, timeAgo } from "./timeline-figures";

const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 3, 0, s));
const base = { actor: "a", runId: null };
const events = [
  { ...base, id: "e0", seq: 0, at: at(0), type: "incident.opened", payload: { title: "t", runbookSlug: "s", runbookSha256: "0" } },
  {
    ...base,
    id: "e1",
    seq: 1,
    at: at(42),
    runId: "run_1",
    type: "command.started",
    payload: { commandId: "c", text: "ls", section: ["Checks", "Disk"], kind: "command", originalText: null },
  },
  {
    ...base,
    id: "e2",
    seq: 2,
    at: at(43),
    runId: "run_1",
    type: "command.finished",
    payload: { commandId: "c", exitCode: 0, signal: null, durationMs: 1, outputBytes: 1, status: "exited", stoppedBy: null },
  },
  { ...base, id: "e3", seq: 3, at: at(300), type: "status.changed", payload: { from: "investigating", to: "mitigated", reason: null } },
  { ...base, id: "e4", seq: 4, at: at(400), type: "status.changed", payload: { from: "mitigated", to: "resolved", reason: null } },
  { ...base, id: "e5", seq: 5, at: at(500), type: "status.changed", payload: { from: "resolved", to: "investigating", reason: "again" } },
  { ...base, id: "e6", seq: 6, at: at(590), type: "status.changed", payload: { from: "investigating", to: "resolved", reason: null } },
] as TimelineEvent[];

describe("timeline key figures", () => {
  it("measures from the opening to the first command, first mitigation and last resolution", () => {
    expect(keyFigures(events)).toEqual({
      toFirstAction: 42_000,
      toFirstCommand: 42_000,
      toMitigated: 300_000,
      toResolved: 590_000,
      mitigatedAt: at(300),
      resolvedAt: at(590),
    });
    expect(keyFigures(events.slice(0, 1))).toMatchObject({ toFirstCommand: null, toMitigated: null, toResolved: null });
  });

  it("after a reopen: mitigated stays the first mitigation, resolved is null until resolved again", () => {
    // Resolved at 400, reopened at 500: open now.
    expect(keyFigures(events.slice(0, 6))).toMatchObject({ toMitigated: 300_000, toResolved: null, resolvedAt: null });
    // Straight from investigating to resolved counts as mitigated then.
    const straight = [events[0]!, { ...events[6]!, payload: { from: "investigating", to: "resolved", reason: null } }] as TimelineEvent[];
    expect(keyFigures(straight)).toMatchObject({ toMitigated: 590_000, toResolved: 590_000 });
  });

  it("puts a command's start and finish in its runbook step", () => {
    expect(events.map((e) => stepsOf(events).get(e.id))).toEqual([null, "Checks / Disk", "Checks / Disk", null, null, null, null]);
  });
});

describe("durations and relative times in words", () => {
  it("has one format for durations, from milliseconds to hours", () => {
    expect([850, 42_000, 192_000, 7_500_000].map(formatDuration)).toEqual(["850ms", "42s", "3m 12s", "2h 5m"]);
  });
  it("says how long ago, or how long until", () => {
    expect([2_000, 40_000, 4 * 60_000, 3 * 3_600_000, 50 * 3_600_000, -4 * 60_000].map(timeAgo)).toEqual([
      "just now",
      "40s ago",
      "4 min ago",
      "3 h ago",
      "2 days ago",
      "in 4 min",
    ]);
  });
});
