import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRuns } from "../exec/live-run";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";
import { stopRun } from "./stop-run";

let env: TempEnv;
let incidentId: string;
let ids: string[];

beforeAll(async () => {
  env = await tempEnv({ RUNLOG_MAX_RUNS: "1", RUNLOG_CANCEL_GRACE_MS: "200", RUNLOG_COMMAND_TIMEOUT_SECONDS: "600" });
  await writeFile(
    path.join(env.dir, "l.md"),
    "---\ntimeout: 1s\n---\n# L\n## S\n```bash\nsleep 30\n```\n## T\n```bash {timeout=2h}\nsleep 31\n```\n",
  );
  const rb = (await loadRunbook(env.dir, "l"))!;
  ids = allCommands(rb.runbook).map((c) => c.id);
  expect(allCommands(rb.runbook).map((c) => c.timeoutSeconds)).toEqual([1, 7200]);
  incidentId = (await createIncident(env.prisma, rb, "t")).id;
});
afterAll(() => env.cleanup());

describe("limits", () => {
  it("refuses a run past the concurrent limit with a message that says what to do", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "t", { incidentId, commandId: ids[1]!, cols: 80, rows: 24 });
    await expect(startRun(env.prisma, env.cfg, "t", { incidentId, commandId: ids[0]!, cols: 80, rows: 24 })).rejects.toThrow(
      "1 commands are already running (the limit is 1). Wait for one to finish or cancel one.",
    );
    await stopRun(env.prisma, env.cfg, "t", { incidentId, runId });
    expect((await waitForRun(env.prisma, runId)).status).toBe("cancelled");
    expect(liveRuns().has(runId)).toBe(false);
  });

  it("takes the runbook's front-matter timeout over the server default", async () => {
    // The server default here is 10 minutes: only the runbook's 1 s can end it within waitForRun.
    const run = await waitForRun(
      env.prisma,
      (await startRun(env.prisma, env.cfg, "t", { incidentId, commandId: ids[0]!, cols: 80, rows: 24 })).runId,
    );
    expect(run.status).toBe("timed-out");
  });
});
