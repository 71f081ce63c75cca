import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { markInterruptedRuns } from "../runs/recover-runs";
import { newId } from "../shared/new-id";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { heartbeat, registerInstance } from "./instances";

let env: TempEnv;
let incidentId: string;
beforeAll(async () => {
  env = await tempEnv({ RUNLOG_INSTANCE_ID: "b", RUNLOG_INSTANCE_TIMEOUT_SECONDS: "30" });
  await writeFile(path.join(env.dir, "r.md"), "# R\n## S\n```bash\nuptime\n```\n");
  incidentId = (await createIncident(env.prisma, (await loadRunbook(env.dir, "r"))!, "ann")).id;
});
afterAll(() => env.cleanup());

const runOn = async (instanceId: string) => {
  const id = newId("run");
  await env.prisma.run.create({
    data: { id, incidentId, commandId: "s/x", commandText: "sleep 600", startedBy: "ann", startedAt: new Date(), instanceId },
  });
  return id;
};
const status = async (id: string) => (await env.prisma.run.findUniqueOrThrow({ where: { id } })).status;

describe("instances sharing a database", () => {
  it("start-up recovery touches only the starting instance's own runs", async () => {
    const onA = await runOn("a");
    const onB = await runOn("b");
    expect(await markInterruptedRuns(env.prisma, ["b"])).toEqual([onB]);
    expect(await status(onA)).toBe("running");
    expect(await status(onB)).toBe("interrupted");
  });

  it("records the runs of an instance that stopped beating as interrupted, once, after the timeout", async () => {
    const t0 = new Date("2026-12-01T10:00:00Z");
    const cfgA = { ...env.cfg, instanceId: "a2" };
    await registerInstance(env.prisma, cfgA, t0);
    await registerInstance(env.prisma, env.cfg, t0);
    const onA = await runOn("a2");
    // 20 s later A is only late: its run goes on.
    expect(await heartbeat(env.prisma, env.cfg, new Date(t0.getTime() + 20_000))).toEqual([]);
    expect(await status(onA)).toBe("running");
    // 31 s without a beat from A: B records A's run as interrupted, with its event; a second pass does nothing more.
    expect(await heartbeat(env.prisma, env.cfg, new Date(t0.getTime() + 31_000))).toEqual([onA]);
    expect(await status(onA)).toBe("interrupted");
    expect(await heartbeat(env.prisma, env.cfg, new Date(t0.getTime() + 35_000))).toEqual([]);
    const finished = await env.prisma.timelineEvent.findMany({ where: { runId: onA, type: "command.finished" } });
    expect(finished).toHaveLength(1);
    expect(JSON.parse(finished[0]!.payload)).toMatchObject({ status: "interrupted" });
  });
});
