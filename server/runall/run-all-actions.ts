import type { Config } from "../config";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { planRun, shownText } from "../runs/run-plan";
import { checkConfirmation, type Confirmation } from "../runs/run-guard";
import { startRun, type StartedRun } from "../runs/start-run";
import { stopRun } from "../runs/stop-run";
import { newId } from "../shared/new-id";
import { runSucceeded } from "../shared/run-outcome";
import { SYSTEM_ACTOR } from "../shared/timeline";
import type { RunAllScope } from "../shared/run-all";
import { appendEvent } from "../timeline/append-event";
import { advanceRunAll, RUN_ALL_TERMINAL, stopAt, textAt, waitFor } from "./advance-run-all";
import { runAllCoverage } from "./run-all-commands";
import { readRunAll, viewOf, type RunAllView } from "./run-all-store";
import { serialize, transition } from "./transition";

const ACTIVE = ["running", "waiting"];

/** Run step / Run all from here. One run-all goes at a time per incident; a new one retires a stopped one. */
export async function startRunAll(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { incidentId: string; fromStepId: string; scope: RunAllScope },
): Promise<{ runAllId: string }> {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { runbookContent: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  const { runbook } = await parseContent(incident.runbookContent);
  const { step, commands } = runAllCoverage(runbook.sections, input.fromStepId, input.scope);
  if (commands.length === 0) throw new AppError("BAD_REQUEST", `“${step.title}” has no shell commands to run.`);
  const runAllId = newId("ral");
  await db.$transaction(async (tx) => {
    const going = await tx.runAll.findFirst({ where: { incidentId: input.incidentId, state: { in: ACTIVE } } });
    if (going) throw new AppError("CONFLICT", "A run-all is already going in this incident: stop it first.");
    await tx.runAll.updateMany({
      where: { incidentId: input.incidentId, state: "stopped" },
      data: { state: "superseded", version: { increment: 1 } },
    });
    await tx.runAll.create({
      data: {
        id: runAllId,
        incidentId: input.incidentId,
        scope: input.scope,
        fromStepId: step.id,
        commandIds: JSON.stringify(commands.map((c) => c.id)),
        state: "running",
        driver: actor,
        startedBy: actor,
        startedAt: new Date(),
      },
    });
    await appendEvent(tx, {
      incidentId: input.incidentId,
      actor,
      body: {
        type: "runall.started",
        payload: { runAllId, scope: input.scope, fromStepId: step.id, fromTitle: step.title, commands: commands.length },
      },
    });
  });
  void advanceRunAll(db, cfg, runAllId);
  return { runAllId };
}

async function mine(db: PrismaClient, incidentId: string, runAllId: string): Promise<RunAllView> {
  const ra = await readRunAll(db, runAllId);
  if (!ra || ra.incidentId !== incidentId) throw new AppError("NOT_FOUND", `No run-all ${runAllId} in this incident.`);
  return ra;
}

const lost = () => new AppError("CONFLICT", "The run-all moved on while you decided: look again.");

/** Stop run-all: now when it waits; after the current command, or cancelling it, when one runs. */
export async function stopRunAll(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { incidentId: string; runAllId: string; cancelCurrent: boolean },
): Promise<void> {
  await serialize(input.runAllId, async () => {
    const ra = await mine(db, input.incidentId, input.runAllId);
    if (!ACTIVE.includes(ra.state)) throw new AppError("CONFLICT", `This run-all is ${ra.state} already.`);
    const run = ra.currentRunId ? await db.run.findUnique({ where: { id: ra.currentRunId }, select: { status: true } }) : null;
    if (run?.status !== "running") {
      const commandId = ra.commandIds[ra.position] ?? null;
      if (!(await stopAt(db, ra, { kind: "stopped", by: actor }, { commandId, text: await textAt(db, cfg, ra), runId: null }, actor)))
        throw lost();
      return;
    }
    if (!(await transition(db, ra, { stopRequestedBy: actor }, null))) throw lost();
    if (input.cancelCurrent) await stopRun(db, cfg, actor, { incidentId: ra.incidentId, runId: ra.currentRunId! });
  });
  void advanceRunAll(db, cfg, input.runAllId);
}

/** Resume: anyone with the responder role, not only who started it; the command it stopped at runs again. */
export async function resumeRunAll(db: PrismaClient, cfg: Config, actor: string, input: { incidentId: string; runAllId: string }) {
  await serialize(input.runAllId, async () => {
    const ra = await resumable(db, input);
    const moved = await transition(
      db,
      ra,
      { state: "running", currentRunId: null, stopReason: null, driver: actor },
      {
        actor,
        body: {
          type: "runall.resumed",
          payload: { runAllId: ra.id, commandId: ra.commandIds[ra.position] ?? null, text: await textAt(db, cfg, ra), from: "stop" },
        },
      },
    );
    if (!moved) throw lost();
  });
  void advanceRunAll(db, cfg, input.runAllId);
}

/** Skip and continue: the command it stopped or waits at is passed over, with the reason recorded. */
export async function skipRunAll(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { incidentId: string; runAllId: string; reason: string },
): Promise<void> {
  await serialize(input.runAllId, async () => {
    const ra = await mine(db, input.incidentId, input.runAllId);
    if (ra.state !== "stopped" && ra.state !== "waiting")
      throw new AppError("CONFLICT", "Only a stopped or waiting run-all can skip a command.");
    await latestOf(db, ra);
    const commandId = ra.commandIds[ra.position];
    if (!commandId) throw new AppError("CONFLICT", "There is no command left to skip.");
    const moved = await transition(
      db,
      ra,
      { state: "running", position: ra.position + 1, currentRunId: null, stopReason: null, wait: null, driver: actor },
      {
        actor,
        body: { type: "runall.skipped", payload: { runAllId: ra.id, commandId, text: await textAt(db, cfg, ra), reason: input.reason } },
      },
    );
    if (!moved) throw lost();
  });
  void advanceRunAll(db, cfg, input.runAllId);
}

/**
 * A person confirms the command a run-all waits at: the run starts as theirs, with every check
 * `runs.start` makes (typed word, commander's approval), and the run-all goes on after it.
 */
export async function confirmRunAll(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { incidentId: string; runAllId: string; commandId: string; approvalId?: string; runnerUserId?: string } & Confirmation,
): Promise<StartedRun> {
  const started = await serialize(input.runAllId, async () => {
    const ra = await mine(db, input.incidentId, input.runAllId);
    if (ra.state !== "waiting" || ra.wait?.kind !== "confirm" || ra.commandIds[ra.position] !== input.commandId) throw lost();
    const plan = await planRun(db, cfg, { incidentId: ra.incidentId, commandId: input.commandId });
    // The command may have changed under the wait (a variable set since): the confirmation is for what runs now.
    if (JSON.stringify(waitFor(plan)) !== JSON.stringify(ra.wait)) throw lost();
    checkConfirmation(plan.guard, input);
    await appendEvent(db, {
      incidentId: ra.incidentId,
      actor,
      body: { type: "runall.resumed", payload: { runAllId: ra.id, commandId: input.commandId, text: shownText(plan), from: "wait" } },
    });
    return startRun(db, cfg, actor, {
      incidentId: ra.incidentId,
      commandId: input.commandId,
      ...RUN_ALL_TERMINAL,
      confirmed: input.confirmed,
      confirmWord: input.confirmWord,
      approvalId: input.approvalId,
      runnerUserId: input.runnerUserId,
      runAll: { id: ra.id, version: ra.version },
      onFinished: () => void advanceRunAll(db, cfg, ra.id),
    });
  });
  return started;
}

/** Something a waiting run-all may wait for changed (a variable): let it look again. */
export async function nudgeRunAlls(db: PrismaClient, cfg: Config, incidentId: string): Promise<void> {
  const waiting = await db.runAll.findMany({ where: { incidentId, state: "waiting" }, select: { id: true } });
  await Promise.all(waiting.map((r) => advanceRunAll(db, cfg, r.id)));
}

/**
 * At start-up, after this instance's cut-off runs are marked interrupted: a run-all that was
 * running one of them stops there as interrupted (nothing starts unattended after a restart);
 * Resume carries on. Waiting ones keep waiting: nothing of theirs was running.
 */
export async function recoverRunAlls(db: PrismaClient, cfg: Config): Promise<number> {
  const rows = await db.runAll.findMany({ where: { state: "running" } });
  const othersAlive = await db.instance.count({
    where: { id: { not: cfg.instanceId }, heartbeatAt: { gte: new Date(Date.now() - cfg.instanceTimeoutMs) } },
  });
  let stopped = 0;
  for (const row of rows) {
    const run = row.currentRunId
      ? await db.run.findUnique({
          where: { id: row.currentRunId },
          select: { status: true, exitCode: true, checkPassed: true, instanceId: true },
        })
      : null;
    // Only what this instance was driving: another live instance's run-all goes on there.
    const mine = run ? run.instanceId === cfg.instanceId || run.instanceId === "" : othersAlive === 0;
    if (!mine) continue;
    stopped++;
    await serialize(row.id, async () => {
      const ra = viewOf(row);
      // A command that ended well just before the stop is not run again on Resume.
      const at = run && runSucceeded(run) ? { ...ra, position: ra.position + 1 } : ra;
      const where = { commandId: at.commandIds[at.position] ?? null, text: await textAt(db, cfg, at), runId: ra.currentRunId };
      await stopAt(db, ra, { kind: "interrupted" }, where, SYSTEM_ACTOR, { position: at.position });
    });
  }
  return stopped;
}

async function resumable(db: PrismaClient, input: { incidentId: string; runAllId: string }): Promise<RunAllView> {
  const ra = await mine(db, input.incidentId, input.runAllId);
  if (ra.state !== "stopped") throw new AppError("CONFLICT", `Only a stopped run-all can resume; this one is ${ra.state}.`);
  await latestOf(db, ra);
  return ra;
}

/** Only the incident's latest run-all can go on: an older one was retired by a newer start. */
async function latestOf(db: PrismaClient, ra: RunAllView): Promise<void> {
  const latest = await db.runAll.findFirst({ where: { incidentId: ra.incidentId }, orderBy: { startedAt: "desc" }, select: { id: true } });
  if (latest?.id !== ra.id) throw new AppError("CONFLICT", "A newer run-all has started in this incident since.");
}
