import { describe, expect, it } from "vitest";
import type { RunbookSection } from "./runbook";
import { stepStatuses } from "./step-progress";

const cmd = (id: string) => ({
  id,
  section: [],
  line: 1,
  text: id,
  description: "",
  lang: "bash",
  risk: "read-only" as const,
  riskReason: "",
  riskRule: null,
  variables: [],
  placeholders: [],
  sampleOutput: null,
  timeoutSeconds: null,
  target: null,
  checks: [],
});
const section = (id: string, blockId: string, ...commands: string[]): RunbookSection => ({
  id,
  title: id,
  depth: 2,
  path: [id],
  line: 1,
  content: [
    {
      kind: "code",
      block: { id: blockId, lang: "bash", line: 1, kind: "shell", runnable: true, text: "", commands: commands.map(cmd), notes: [] },
    },
  ],
});
const run = (commandId: string, s: number, exitCode: number | null, status = "exited", finished = true) => ({
  commandId,
  status,
  exitCode,
  startedAt: new Date(s * 1000),
  finishedAt: finished ? new Date(s * 1000 + 1) : null,
});

describe("step progress", () => {
  const sections = [
    section("a", "a/b", "a1", "a2"),
    section("b", "b/b", "b1"),
    section("c", "c/b", "c1"),
    section("d", "d/b", "d1", "d2"),
    section("e", "e/b", "e1"),
  ];
  it("derives not started, in progress, done and failed from the latest runs", () => {
    const statuses = stepStatuses(sections, [
      run("a1", 1, 0),
      run("b1", 2, 1),
      run("b1", 3, 0), // a retry that worked
      run("c1", 4, 0),
      run("c1", 5, 2), // ran again and failed
      run("d/b", 6, 0), // the whole block at once
      run("e1", 7, null, "running", false),
    ]);
    expect(Object.fromEntries(statuses)).toEqual({ a: "in progress", b: "done", c: "failed", d: "done", e: "in progress" });
    expect(stepStatuses(sections, []).get("a")).toBe("not started");
  });

  it("lets a person's latest word (done, skipped, reopened) override the runs", () => {
    const runs = [run("c1", 1, 2)];
    const marks = [
      { stepId: "a", state: "skipped" as const },
      { stepId: "c", state: "done" as const },
      { stepId: "c", state: "reopened" as const },
    ];
    const statuses = stepStatuses(sections, runs, marks);
    expect([statuses.get("a"), statuses.get("c")]).toEqual(["skipped", "failed"]);
  });
});
