import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createIncident } from "../incidents/create-incident";
import { setVariable } from "../incidents/set-variable";
import { loadRunbook } from "../runbooks/catalog";
import { decideApproval, requestApproval } from "../runs/approvals";
import { markInterruptedRuns } from "../runs/recover-runs";
import { stopRun } from "../runs/stop-run";
import { secretBox } from "../secrets/secret-box";
import { newId } from "../shared/new-id";
import { allCommands } from "../shared/runbook";
import { stepStatuses } from "../shared/step-progress";
import { readEvents } from "../timeline/read-events";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitFor } from "../testing/wait-for";
import { advanceRunAll } from "./advance-run-all";
import { confirmRunAll, nudgeRunAlls, recoverRunAlls, resumeRunAll, skipRunAll, startRunAll, stopRunAll } from "./run-all-actions";
import { readRunAll, type RunAllView } from "./run-all-store";

const RUNBOOK = [
  "# Runbook: Run-all drill",
  "**Severity:** High",
  "## 1. Diagnose",
  "```bash",
  'echo "one"',
  "# expect: one",
  'echo "mode=${MODE:-unset}"',
  "# expect: mode=ready",
  "```",
  "- [ ] Tell the team in #incidents",
  "## 2. Fix",
  "```bash",
  'mkdir -p "$WORK_DIR"',
  "```",
  "## 3. Notes",
  "```text",
  "not shell at all",
  "```",
  "## 4. Verify",
  "```bash",
  'echo "done-$((1+1))"',
  "```",
  "## 5. Fail",
  "```bash",
  "sh -c 'exit 3'",
  "```",
  "## 6. Slow",
  "```bash",
  "sleep 30",
  "echo after-the-sleep",
  "```",
  "## 7. Gate",
  "```bash",
  "until [ -e gate ]; do sleep 0.05; done; echo through",
  "echo not-reached",
  "```",
  "## 8. Hang",
  "```bash {timeout=1s}",
  "sleep 30",
  "```",
].join("\n");

let env: TempEnv;
let loaded: NonNullable<Awaited<ReturnType<typeof loadRunbook>>>;
let cmd: (prefix: string) => string;

beforeAll(async () => {
  env = await tempEnv({ RUNLOG_CANCEL_GRACE_MS: "300" });
  await writeFile(path.join(env.dir, "drill.md"), RUNBOOK);
  loaded = (await loadRunbook(env.dir, "drill"))!;
  cmd = (prefix) => allCommands(loaded.runbook).find((c) => c.text.startsWith(prefix))!.id;
});
afterAll(() => env.cleanup());

const newIncident = async () => (await createIncident(env.prisma, loaded, "alice")).id;
const until = async (id: string, what: string, pred: (ra: RunAllView) => boolean) => {
  let last: RunAllView | null = null;
  await waitFor(async () => ((last = await readRunAll(env.prisma, id)), last !== null && pred(last)), what, 20_000).catch((err) => {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)}`);
  });
  return last!;
};
const setVar = async (incidentId: string, name: string, value: string, actor = "bob") => {
  await setVariable(env.prisma, actor, { incidentId, name, value, secret: false }, secretBox(env.cfg));
  await nudgeRunAlls(env.prisma, env.cfg, incidentId);
};
const runAllEvents = async (incidentId: string) =>
  (await readEvents(env.prisma, incidentId)).filter((e) => e.type.startsWith("runall.")).map((e) => `${e.type} ${e.actor}`);

describe("run all: stop at the first failure, resume, skip, guards", () => {
  it("runs in order, stops at a failed check, waits for a variable and a confirmation, resumes by another person, completes", async () => {
    const incidentId = await newIncident();
    const { runAllId } = await startRunAll(env.prisma, env.cfg, "alice", { incidentId, fromStepId: "1-diagnose", scope: "from-here" });

    // The mode check fails (exit 0, but the output does not say mode=ready): it stops there.
    let ra = await until(runAllId, "the stop at the failed check", (r) => r.state === "stopped");
    expect(ra.stopReason).toEqual({ kind: "check", failed: ["expects: mode=ready"] });
    expect(ra.commandIds[ra.position]).toBe(cmd('echo "mode='));
    const runs = await env.prisma.run.findMany({ where: { incidentId }, orderBy: { startedAt: "asc" } });
    expect(runs.map((r) => [r.commandText, r.exitCode, r.checkPassed, r.runAllId])).toEqual([
      ['echo "one"', 0, true, runAllId],
      ['echo "mode=${MODE:-unset}"', 0, false, runAllId],
    ]);
    // The failed check fails the step, though the command exited 0.
    expect(stepStatuses(loaded.runbook.sections, runs).get("1-diagnose")).toBe("failed");

    // Someone else sets the variable and resumes: the failed command runs again, and passes.
    await setVar(incidentId, "MODE", "ready");
    await resumeRunAll(env.prisma, env.cfg, "bob", { incidentId, runAllId });
    // Step 2 reads $WORK_DIR, which nobody set: it waits, visibly, for as long as it takes.
    ra = await until(runAllId, "the wait for $WORK_DIR", (r) => r.state === "waiting");
    expect(ra.wait).toEqual({ kind: "variables", names: ["WORK_DIR"] });
    expect(ra.driver).toBe("bob");

    // Set: now it waits for the confirmation a mutating command needs, never running it on its own.
    await setVar(incidentId, "WORK_DIR", path.join(env.cfg.workDir, "made-by-run-all"));
    ra = await until(runAllId, "the wait for a confirmation", (r) => r.wait?.kind === "confirm");
    expect(ra.wait).toMatchObject({ kind: "confirm", risk: "mutating", text: 'mkdir -p "$WORK_DIR"', needsApproval: false });
    expect(await env.prisma.run.count({ where: { incidentId, commandId: cmd("mkdir") } })).toBe(0);

    // Confirming without saying what is confirmed is refused like runs.start refuses it.
    await expect(confirmRunAll(env.prisma, env.cfg, "carol", { incidentId, runAllId, commandId: cmd("mkdir") })).rejects.toBeInstanceOf(
      AppError,
    );
    const started = await confirmRunAll(env.prisma, env.cfg, "carol", {
      incidentId,
      runAllId,
      commandId: cmd("mkdir"),
      confirmed: "mutating",
    });
    // The notes block is passed over; Verify runs; Fail stops it with its exit code.
    ra = await until(runAllId, "the stop at exit 3", (r) => r.state === "stopped");
    expect(ra.stopReason).toEqual({ kind: "exit", exitCode: 3, signal: null });
    expect((await env.prisma.run.findUnique({ where: { id: started.runId } }))?.startedBy).toBe("carol");

    // Skip it with a reason: on to the slow step; stop that after the current command.
    await skipRunAll(env.prisma, env.cfg, "bob", { incidentId, runAllId, reason: "known to fail in the drill" });
    ra = await until(runAllId, "the slow command running", (r) => r.currentRunId !== null && r.commandIds[r.position] === cmd("sleep 30"));
    await waitFor(
      async () => (await env.prisma.run.findUnique({ where: { id: ra.currentRunId! } }))?.status === "running",
      "sleep running",
    );
    await stopRunAll(env.prisma, env.cfg, "dave", { incidentId, runAllId, cancelCurrent: true });
    ra = await until(runAllId, "the stop by dave", (r) => r.state === "stopped");
    expect(ra.stopReason).toEqual({ kind: "stopped", by: "dave" });
    // Resume would run the cancelled sleep again: skip it instead; the rest runs to the end.
    await writeFile(path.join(env.cfg.workDir, "gate"), "");
    await skipRunAll(env.prisma, env.cfg, "alice", { incidentId, runAllId, reason: "no time to wait" });
    // The last step hangs past its timeout: stopped again; skipped, it completes.
    ra = await until(runAllId, "the timeout", (r) => r.state === "stopped");
    expect(ra.stopReason).toEqual({ kind: "timed-out" });
    await skipRunAll(env.prisma, env.cfg, "alice", { incidentId, runAllId, reason: "hangs in the drill" });
    ra = await until(runAllId, "the end", (r) => r.state === "completed");

    const events = await readEvents(env.prisma, incidentId);
    const completed = events.findLast((e) => e.type === "runall.completed");
    expect(completed?.type === "runall.completed" && completed.payload).toEqual({
      runAllId,
      ran: 11,
      skipped: 3,
      openChecks: ["Tell the team in #incidents"],
    });
    expect(await runAllEvents(incidentId)).toEqual([
      "runall.started alice",
      "runall.stopped runlog",
      "runall.resumed bob",
      "runall.paused runlog",
      "runall.paused runlog",
      "runall.resumed carol",
      "runall.stopped runlog",
      "runall.skipped bob",
      "runall.stopped dave",
      "runall.skipped alice",
      "runall.stopped runlog",
      "runall.skipped alice",
      "runall.completed runlog",
    ]);
    const ran = (await env.prisma.run.findMany({ where: { incidentId }, orderBy: { startedAt: "asc" } })).map((r) => r.commandText);
    expect(ran).toEqual([
      'echo "one"',
      'echo "mode=${MODE:-unset}"',
      'echo "mode=${MODE:-unset}"',
      'mkdir -p "$WORK_DIR"',
      'echo "done-$((1+1))"',
      "sh -c 'exit 3'",
      "sleep 30",
      "echo after-the-sleep",
      "until [ -e gate ]; do sleep 0.05; done; echo through",
      "echo not-reached",
      "sleep 30",
    ]);
  }, 60_000);

  it("Run step covers one step; one run-all at a time; Stop while waiting stops at once", async () => {
    const incidentId = await newIncident();
    const { runAllId } = await startRunAll(env.prisma, env.cfg, "alice", { incidentId, fromStepId: "2-fix", scope: "step" });
    const ra = await until(runAllId, "the wait", (r) => r.state === "waiting");
    expect(ra.commandIds).toEqual([cmd("mkdir")]);
    await expect(startRunAll(env.prisma, env.cfg, "bob", { incidentId, fromStepId: "4-verify", scope: "step" })).rejects.toThrow(
      "already going",
    );
    await stopRunAll(env.prisma, env.cfg, "bob", { incidentId, runAllId, cancelCurrent: false });
    expect((await readRunAll(env.prisma, runAllId))?.stopReason).toEqual({ kind: "stopped", by: "bob" });
    // A new one retires the stopped one, which can no longer resume.
    const next = await startRunAll(env.prisma, env.cfg, "bob", { incidentId, fromStepId: "4-verify", scope: "step" });
    expect((await readRunAll(env.prisma, runAllId))?.state).toBe("superseded");
    await expect(resumeRunAll(env.prisma, env.cfg, "alice", { incidentId, runAllId })).rejects.toThrow("Only a stopped run-all");
    await until(next.runAllId, "the step's end", (r) => r.state === "completed");
    await expect(startRunAll(env.prisma, env.cfg, "bob", { incidentId, fromStepId: "3-notes", scope: "step" })).rejects.toThrow(
      "has no shell commands",
    );
  }, 30_000);

  it("Stop run-all without cancelling lets the current command finish, then stops after it", async () => {
    const incidentId = await newIncident();
    await rm(path.join(env.cfg.workDir, "gate"), { force: true });
    const { runAllId } = await startRunAll(env.prisma, env.cfg, "alice", { incidentId, fromStepId: "7-gate", scope: "step" });
    const ra = await until(runAllId, "the gate command started", (r) => r.currentRunId !== null);
    await waitFor(async () => (await env.prisma.run.findUnique({ where: { id: ra.currentRunId! } }))?.status === "running", "gate running");
    await stopRunAll(env.prisma, env.cfg, "bob", { incidentId, runAllId, cancelCurrent: false });
    // Asked, not done: the command goes on.
    expect(await readRunAll(env.prisma, runAllId)).toMatchObject({ state: "running", stopRequestedBy: "bob" });
    await writeFile(path.join(env.cfg.workDir, "gate"), "");
    const stopped = await until(runAllId, "the stop after the gate", (r) => r.state === "stopped");
    expect(stopped).toMatchObject({ stopReason: { kind: "stopped", by: "bob" }, position: 1 });
    const runs = await env.prisma.run.findMany({ where: { runAllId } });
    expect(runs.map((r) => [r.commandText.slice(0, 5), r.status, r.exitCode])).toEqual([["until", "exited", 0]]);
  }, 30_000);

  it("a restart records the run-all as interrupted at its command, and Resume carries on", async () => {
    const incidentId = await newIncident();
    await setVar(incidentId, "MODE", "ready");
    // What a crash leaves: a run-all going, its command's run still marked running, no process.
    const runAllId = newId("ral");
    const runId = newId("run");
    const commandIds = [cmd('echo "one"'), cmd('echo "mode=')];
    await env.prisma.run.create({
      data: {
        id: runId,
        incidentId,
        commandId: commandIds[0]!,
        commandText: 'echo "one"',
        startedBy: "alice",
        startedAt: new Date(),
        runAllId,
      },
    });
    await env.prisma.runAll.create({
      data: {
        id: runAllId,
        incidentId,
        scope: "step",
        fromStepId: "1-diagnose",
        commandIds: JSON.stringify(commandIds),
        state: "running",
        currentRunId: runId,
        driver: "alice",
        startedBy: "alice",
        startedAt: new Date(),
      },
    });
    expect((await markInterruptedRuns(env.prisma, [env.cfg.instanceId])).length).toBeGreaterThanOrEqual(1);
    expect(await recoverRunAlls(env.prisma, env.cfg)).toBeGreaterThanOrEqual(1);
    let ra = (await readRunAll(env.prisma, runAllId))!;
    expect(ra).toMatchObject({ state: "stopped", stopReason: { kind: "interrupted" }, position: 0 });
    // Advancing it again (a late nudge) does not start anything unattended.
    await advanceRunAll(env.prisma, env.cfg, runAllId);
    expect((await readRunAll(env.prisma, runAllId))?.state).toBe("stopped");
    await resumeRunAll(env.prisma, env.cfg, "bob", { incidentId, runAllId });
    ra = await until(runAllId, "the end after resume", (r) => r.state === "completed");
    const runs = await env.prisma.run.findMany({ where: { runAllId }, orderBy: { startedAt: "asc" } });
    expect(runs.map((r) => [r.commandText, r.status])).toEqual([
      ['echo "one"', "interrupted"],
      ['echo "one"', "exited"],
      ['echo "mode=${MODE:-unset}"', "exited"],
    ]);
  }, 30_000);
});

describe("run all: every way a command can fail stops it, with its reason", () => {
  it("a timeout, and a cancel by someone on the command's own card", async () => {
    const incidentId = await newIncident();
    const hang = await startRunAll(env.prisma, env.cfg, "alice", { incidentId, fromStepId: "8-hang", scope: "step" });
    expect((await until(hang.runAllId, "the timeout", (r) => r.state === "stopped")).stopReason).toEqual({ kind: "timed-out" });

    const slow = await startRunAll(env.prisma, env.cfg, "alice", { incidentId, fromStepId: "6-slow", scope: "step" });
    const ra = await until(slow.runAllId, "the sleep started", (r) => r.currentRunId !== null);
    await waitFor(
      async () => (await env.prisma.run.findUnique({ where: { id: ra.currentRunId! } }))?.status === "running",
      "sleep running",
    );
    await stopRun(env.prisma, env.cfg, "erin", { incidentId, runId: ra.currentRunId! });
    const stopped = await until(slow.runAllId, "the cancel", (r) => r.state === "stopped");
    expect(stopped).toMatchObject({ stopReason: { kind: "cancelled", by: "erin" }, position: 0 });
    const last = (await readEvents(env.prisma, incidentId)).findLast((e) => e.type === "runall.stopped");
    expect(last?.type === "runall.stopped" && last.payload).toMatchObject({ text: "sleep 30", runId: ra.currentRunId });
  }, 30_000);
});

describe("run all: destructive commands wait for the typed word and a commander's approval", () => {
  it("pauses with what the confirmation needs, and refuses a confirmation without the approval", async () => {
    await writeFile(
      path.join(env.dir, "wipe.md"),
      ["---", "approval: always", "---", "# Wipe", "## Clean", "```bash", 'rm -rf "$WORK"/old', "```"].join("\n"),
    );
    const wipe = (await loadRunbook(env.dir, "wipe"))!;
    const incidentId = (await createIncident(env.prisma, wipe, "alice")).id;
    await setVar(incidentId, "WORK", env.cfg.workDir);
    const { runAllId } = await startRunAll(env.prisma, env.cfg, "alice", { incidentId, fromStepId: "clean", scope: "step" });
    const ra = await until(runAllId, "the wait", (r) => r.state === "waiting");
    expect(ra.wait).toMatchObject({ kind: "confirm", risk: "destructive", confirmWord: "rm", needsApproval: true });
    const commandId = ra.commandIds[0]!;
    await expect(
      confirmRunAll(env.prisma, env.cfg, "alice", { incidentId, runAllId, commandId, confirmed: "destructive", confirmWord: "rm" }),
    ).rejects.toThrow(/approval/i);
    expect(await env.prisma.run.count({ where: { incidentId } })).toBe(0);
    expect((await readRunAll(env.prisma, runAllId))?.state).toBe("waiting");

    // Asked and approved by another commander: the confirmation with that approval runs it, once.
    const { approvalId } = await requestApproval(env.prisma, env.cfg, "alice", { incidentId, commandId });
    await decideApproval(env.prisma, "cora", { approvalId, approve: true });
    const run = await confirmRunAll(env.prisma, env.cfg, "alice", {
      incidentId,
      runAllId,
      commandId,
      confirmed: "destructive",
      confirmWord: "rm",
      approvalId,
    });
    await until(runAllId, "the end", (r) => r.state === "completed");
    expect((await env.prisma.approval.findUnique({ where: { id: approvalId } }))?.usedByRunId).toBe(run.runId);
  }, 30_000);
});
