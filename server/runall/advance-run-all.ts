import type { Config } from "../config";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { planRun, shownText, type RunPlan } from "../runs/run-plan";
import { startRun } from "../runs/start-run";
import { runSucceeded } from "../shared/run-outcome";
import type { RunAllStop, RunAllWait } from "../shared/run-all";
import { SYSTEM_ACTOR, ZCheckFailed, ZCommandFinished } from "../shared/timeline";
import { readRunAll, type RunAllChange, type RunAllView } from "./run-all-store";
import { openCheckItems, skippedBy } from "./run-all-facts";
import { serialize, transition } from "./transition";

/** The terminal size of runs a run-all starts: nobody's browser sized them. */
export const RUN_ALL_TERMINAL = { cols: 120, rows: 30 } as const;

/**
 * Moves a run-all as far as it can go on its own: past commands that succeeded, into the next
 * read-only command, or to a stop, a wait for a person, or its end. Idempotent, and safe to call
 * whenever anything might have changed (a run ended, a variable was set, the server started):
 * every decision is read back from the database, and every move is a compare-and-set.
 */
export function advanceRunAll(db: PrismaClient, cfg: Config, runAllId: string): Promise<void> {
  return serialize(runAllId, () => advance(db, cfg, runAllId)).catch((err: unknown) => {
    console.error(`runlog: run-all ${runAllId} could not advance: ${(err as Error).message}`);
  });
}

async function advance(db: PrismaClient, cfg: Config, id: string): Promise<void> {
  // Each pass either ends (waiting on something) or moves the run-all one step and looks again.
  for (let pass = 0; pass < 10_000; pass++) {
    const ra = await readRunAll(db, id);
    if (!ra || (ra.state !== "running" && ra.state !== "waiting")) return;
    const commandId = ra.commandIds[ra.position] ?? null;

    if (ra.currentRunId) {
      const run = await db.run.findUnique({ where: { id: ra.currentRunId } });
      if (run && run.status === "running") return; // its end calls back
      const failure = run ? await failureOf(db, run) : ({ kind: "error", message: "its run was not recorded" } as const);
      if (failure) {
        // A person's Stop wins over the cancel it caused; any other failure is the story.
        const reason = ra.stopRequestedBy && failure.kind === "cancelled" ? { kind: "stopped" as const, by: ra.stopRequestedBy } : failure;
        const at = { commandId, text: await textAt(db, cfg, ra), runId: ra.currentRunId };
        await stopAt(db, ra, reason, at, reason.kind === "stopped" ? reason.by : SYSTEM_ACTOR);
        return;
      }
      await transition(db, ra, { position: ra.position + 1, currentRunId: null }, null);
      continue;
    }
    if (ra.stopRequestedBy) {
      const at = { commandId, text: await textAt(db, cfg, ra), runId: null };
      await stopAt(db, ra, { kind: "stopped", by: ra.stopRequestedBy }, at, ra.stopRequestedBy);
      return;
    }
    if (commandId === null) {
      await complete(db, ra);
      return;
    }

    let plan: RunPlan;
    try {
      plan = await planRun(db, cfg, { incidentId: ra.incidentId, commandId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The command cannot be planned, so it has no text to show either.
      await stopAt(db, ra, { kind: "error", message: err.message }, { commandId, text: null, runId: null });
      return;
    }
    const wait = waitFor(plan);
    if (wait) {
      if (ra.state === "waiting" && JSON.stringify(ra.wait) === JSON.stringify(wait)) return;
      await transition(
        db,
        ra,
        { state: "waiting", wait },
        { actor: SYSTEM_ACTOR, body: { type: "runall.paused", payload: { runAllId: ra.id, commandId, text: shownText(plan), why: wait } } },
      );
      continue; // the next pass finds it waiting for exactly this, and returns
    }
    if (ra.state === "waiting") {
      // What it waited for happened (the variables were set): it goes on by itself.
      await transition(
        db,
        ra,
        { state: "running", wait: null },
        {
          actor: SYSTEM_ACTOR,
          body: { type: "runall.resumed", payload: { runAllId: ra.id, commandId, text: shownText(plan), from: "wait" } },
        },
      );
      continue;
    }
    try {
      await startRun(db, cfg, ra.driver, {
        incidentId: ra.incidentId,
        commandId,
        ...RUN_ALL_TERMINAL,
        runAll: { id: ra.id, version: ra.version },
        onFinished: () => void advanceRunAll(db, cfg, id),
      });
      return;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Lost a race (the claim): look again. Anything else (the run limit) stops it, visibly.
      if (err.code === "CONFLICT" && err.message.startsWith("The run-all has moved on")) continue;
      await stopAt(db, ra, { kind: "error", message: err.message }, { commandId, text: shownText(plan), runId: null });
      return;
    }
  }
}

/** What a person must do before the command runs: set variables, or confirm what it changes. */
export function waitFor(plan: RunPlan): RunAllWait | null {
  if (plan.missing.length > 0) return { kind: "variables", names: plan.missing.map((m) => m.name) };
  if (plan.guard.risk === "read-only") return null;
  return {
    kind: "confirm",
    risk: plan.guard.risk,
    text: shownText(plan),
    confirmWord: plan.guard.confirmWord,
    needsApproval: plan.guard.needsApproval,
    approvalReason: plan.guard.approvalReason,
    target: plan.target ? { name: plan.target.name, where: plan.target.where } : null,
  };
}

/** The text of the command the run-all is on, as it would run now (null past the end). */
export async function textAt(db: PrismaClient, cfg: Config, ra: RunAllView): Promise<string | null> {
  const commandId = ra.commandIds[ra.position];
  if (!commandId) return null;
  try {
    return shownText(await planRun(db, cfg, { incidentId: ra.incidentId, commandId }));
  } catch {
    return null;
  }
}

/** Why a finished run stops the run-all; null when it did what the runbook wanted. */
export async function failureOf(
  db: PrismaClient,
  run: { id: string; status: string; exitCode: number | null; signal: string | null; checkPassed: boolean | null },
): Promise<RunAllStop | null> {
  if (runSucceeded(run)) return null;
  switch (run.status) {
    case "exited": {
      if (run.checkPassed === false) {
        const row = await db.timelineEvent.findFirst({ where: { runId: run.id, type: "check.failed" }, select: { payload: true } });
        const failed = row ? ZCheckFailed.shape.payload.parse(JSON.parse(row.payload)).failed : [];
        return { kind: "check", failed };
      }
      return { kind: "exit", exitCode: run.exitCode, signal: run.signal };
    }
    case "cancelled": {
      const row = await db.timelineEvent.findFirst({ where: { runId: run.id, type: "command.finished" }, select: { payload: true } });
      return { kind: "cancelled", by: row ? ZCommandFinished.shape.payload.parse(JSON.parse(row.payload)).stoppedBy : null };
    }
    case "timed-out":
      return { kind: "timed-out" };
    case "connection-lost":
      return { kind: "connection-lost" };
    default:
      return { kind: "interrupted" };
  }
}

/** Stops where it is: the failed command stays current, so Resume runs it again. */
export async function stopAt(
  db: PrismaClient,
  ra: RunAllView,
  reason: RunAllStop,
  at: { commandId: string | null; text: string | null; runId: string | null },
  actor: string = SYSTEM_ACTOR,
  change: RunAllChange = {},
): Promise<boolean> {
  return transition(
    db,
    ra,
    { ...change, state: "stopped", stopReason: reason, wait: null, stopRequestedBy: null },
    { actor, runId: at.runId, body: { type: "runall.stopped", payload: { runAllId: ra.id, ...at, reason } } },
  );
}

async function complete(db: PrismaClient, ra: RunAllView): Promise<void> {
  const [ran, skipped, openChecks] = await Promise.all([
    db.run.count({ where: { runAllId: ra.id } }),
    skippedBy(db, ra),
    openCheckItems(db, ra),
  ]);
  await transition(
    db,
    ra,
    { state: "completed", currentRunId: null, finishedAt: new Date() },
    { actor: SYSTEM_ACTOR, body: { type: "runall.completed", payload: { runAllId: ra.id, ran, skipped, openChecks } } },
  );
}
