import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { loadRunbook } from "../runbooks/catalog";
import { allCommands, type OutputCheck } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { evaluateChecks } from "./evaluate-checks";
import { startRun } from "./start-run";

const check = (kind: OutputCheck["kind"], value: string, flags = ""): OutputCheck => ({ kind, value, flags, line: 1 });
const OUTPUT = "/tmp:5432 - accepting connections\nrole: Leader\nlag: 12";

describe("evaluating a run's output against its checks", () => {
  it("passes when every check holds, showing the first line that shows it", () => {
    expect(
      evaluateChecks([check("contains", "accepting connections"), check("matches", "role: (leader|follower)", "i")], OUTPUT, 0),
    ).toEqual({
      passed: true,
      expected: ["expects: accepting connections", "expects: /role: (leader|follower)/i"],
      failed: [],
      evidence: "/tmp:5432 - accepting connections",
    });
  });

  it("fails on a missing text, a line it must not have, the wrong exit code, or a non-zero exit when none is named", () => {
    expect(evaluateChecks([check("contains", "no response")], OUTPUT, 0)).toMatchObject({
      passed: false,
      failed: ["expects: no response"],
      evidence: OUTPUT,
    });
    expect(evaluateChecks([check("not-matches", "lag: \\d+")], OUTPUT, 0)).toMatchObject({ passed: false, evidence: "lag: 12" });
    expect(evaluateChecks([check("exit", "2")], OUTPUT, 0)).toMatchObject({ passed: false, failed: ["expects exit 2"] });
    expect(evaluateChecks([check("exit", "2")], OUTPUT, 2)).toMatchObject({ passed: true });
    expect(evaluateChecks([check("contains", "accepting")], OUTPUT, 1)).toMatchObject({
      passed: false,
      failed: ["expects exit 0 (exited 1)"],
    });
    expect(evaluateChecks([check("not-contains", "ERROR")], OUTPUT, 0)).toMatchObject({ passed: true });
  });
});

const RUNBOOK = [
  "# Checks",
  "## Probe",
  "```bash",
  "printf 'pg: \\033[32maccepting\\033[0m connections\\n'",
  "# expect: accepting connections",
  "echo 'role: replica'",
  "# expect: /role: (leader|follower)/",
  "echo plain",
  "```",
].join("\n");

let env: TempEnv;
let incidentId: string;
let ids: string[];
beforeAll(async () => {
  env = await tempEnv();
  await writeFile(path.join(env.dir, "c.md"), RUNBOOK);
  const loaded = (await loadRunbook(env.dir, "c"))!;
  ids = allCommands(loaded.runbook).map((c) => c.id);
  incidentId = (await createIncident(env.prisma, loaded, "ann")).id;
});
afterAll(() => env.cleanup());

describe("a run of a command with checks", () => {
  it("records check.passed or check.failed on the timeline, matched on the clean text; commands without checks record none", async () => {
    for (const id of ids) {
      const { runId } = await startRun(env.prisma, env.cfg, "ann", {
        incidentId,
        commandId: id,
        cols: 80,
        rows: 24,
        confirmed: "mutating",
      });
      await waitForRun(env.prisma, runId);
    }
    const events = (await getIncident(env.prisma, incidentId))!.events.filter(
      (e) => e.type === "check.passed" || e.type === "check.failed",
    );
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      // The colour codes between the words are gone in the clean text the check reads.
      [
        "check.passed",
        { commandId: ids[0], expected: ["expects: accepting connections"], failed: [], evidence: "pg: accepting connections" },
      ],
      [
        "check.failed",
        {
          commandId: ids[1],
          expected: ["expects: /role: (leader|follower)/"],
          failed: ["expects: /role: (leader|follower)/"],
          evidence: "role: replica",
        },
      ],
    ]);
  });
});
