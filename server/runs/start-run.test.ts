import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { liveRuns } from "../exec/live-run";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { loadRunbook } from "../runbooks/catalog";
import { sectionCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";

const RUNBOOK = [
  "# Runbook: Test drill",
  "**Severity:** High",
  "## Checks",
  "```bash",
  "# say hello in colour",
  "printf '\\033[32mhello\\033[0m from %s\\n' \"$(basename \"$PWD\")\"",
  "# fail on purpose",
  "echo broken >&2; exit 4",
  "echo first; sleep 0.3; echo second",
  "```",
].join("\n");

let env: TempEnv;
let incidentId: string;
let ids: string[];

beforeAll(async () => {
  env = await tempEnv();
  await writeFile(path.join(env.dir, "drill.md"), RUNBOOK);
  const loaded = (await loadRunbook(env.dir, "drill"))!;
  ids = sectionCommands(loaded.runbook.sections[0]!).map((c) => c.id);
  incidentId = (await createIncident(env.prisma, loaded, "alice")).id;
});
afterAll(() => env.cleanup());

describe("startRun", () => {
  it("runs the command in a pty in the work folder and records it on the timeline", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "alice", { incidentId, commandId: ids[0]!, cols: 80, rows: 24 });
    const run = await waitForRun(env.prisma, runId);
    expect(run.exitCode).toBe(0);
    expect(run.commandText).toContain("printf");
    expect(run.outputText).toBe("hello from work");
    expect(Buffer.from(run.output!).toString()).toContain("\x1b[32mhello");
    const view = (await getIncident(env.prisma, incidentId))!;
    const types = view.events.map((e) => `${e.seq}:${e.type}:${e.actor}`);
    expect(types).toEqual(["0:incident.opened:alice", "1:command.started:alice", "2:command.finished:alice"]);
    const finished = view.events[2]!;
    expect(finished.type === "command.finished" && finished.payload.exitCode).toBe(0);
    expect(finished.runId).toBe(runId);
  });

  it("records a failing command's exit code and its stderr", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "bob", { incidentId, commandId: ids[1]!, cols: 80, rows: 24 });
    const run = await waitForRun(env.prisma, runId);
    expect(run.exitCode).toBe(4);
    expect(run.outputText).toBe("broken");
  });

  it("streams output live to a viewer while the command runs", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "bob", { incidentId, commandId: ids[2]!, cols: 80, rows: 24 });
    const live = liveRuns().get(runId)!;
    const seen: string[] = [];
    const ended = new Promise<number | null>((resolve) =>
      live.attach({ onChunk: (_seq, data) => seen.push(data.toString()), onEnd: (e) => resolve(e.exitCode) }),
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.join("")).toContain("first");
    expect(seen.join("")).not.toContain("second");
    expect(await ended).toBe(0);
    expect(seen.join("")).toContain("second");
  });

  it("refuses commands that are not in the incident's runbook", async () => {
    await expect(
      startRun(env.prisma, env.cfg, "eve", { incidentId, commandId: "checks/rm -rf /", cols: 80, rows: 24 }),
    ).rejects.toThrow(AppError);
    await expect(
      startRun(env.prisma, env.cfg, "eve", { incidentId: "inc_missing0000", commandId: ids[0]!, cols: 80, rows: 24 }),
    ).rejects.toThrow(/No incident/);
  });
});
