import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { markStep } from "../incidents/mark-step";
import { parseContent } from "../runbooks/catalog";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";

const RUNBOOK = [
  "# Drill",
  "## Probe",
  "```bash",
  "echo probe-ok",
  "echo probe-fails; exit 3",
  "```",
  "## Restart",
  "```bash",
  "echo restarted",
  "```",
].join("\n");

let env: TempEnv;
let incidentId: string;
let cmd: (text: string) => string;
beforeAll(async () => {
  env = await tempEnv();
  const parsed = await parseContent(RUNBOOK);
  cmd = (prefix) => allCommands(parsed.runbook).find((c) => c.text.startsWith(prefix))!.id;
  incidentId = (await createIncident(env.prisma, { slug: "drill", file: "drill.md", content: RUNBOOK, ...parsed }, "ann")).id;
});
afterAll(() => env.cleanup());

const run = async (prefix: string) =>
  waitForRun(
    env.prisma,
    (await startRun(env.prisma, env.cfg, "ann", { incidentId, commandId: cmd(prefix), cols: 80, rows: 24, confirmed: "mutating" })).runId,
  );
const stepEvents = async () =>
  (await getIncident(env.prisma, incidentId))!.events.flatMap((e) =>
    e.type === "step.changed" ? [`${e.payload.title}:${e.payload.state}`] : [],
  );

describe("step events", () => {
  it("records when runs start, complete or fail a step, once per change", async () => {
    await run("echo probe-ok");
    expect(await stepEvents()).toEqual(["Probe:started"]);
    await run("echo probe-fails");
    expect(await stepEvents()).toEqual(["Probe:started", "Probe:failed"]);
    await run("echo restarted");
    expect(await stepEvents()).toEqual(["Probe:started", "Probe:failed", "Restart:started", "Restart:completed"]);
    // Running it again changes nothing about the step: no new step event.
    await run("echo restarted");
    expect(await stepEvents()).toHaveLength(4);
  });

  it("leaves steps a person marked to that person's word", async () => {
    await markStep(env.prisma, "ann", {
      incidentId,
      stepId: (await getIncident(env.prisma, incidentId))!.runbook.sections[1]!.id,
      state: "skipped",
      reason: "known flaky probe",
    });
    await run("echo probe-fails");
    expect(await stepEvents()).toHaveLength(4);
  });
});
