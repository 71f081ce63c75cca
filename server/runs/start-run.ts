import { randomBytes } from "node:crypto";
import type { Config } from "../config";
import { AppError } from "../errors";
import { LiveRun, liveRuns } from "../exec/live-run";
import { spawnPty, type PtyProcess } from "../exec/pty-process";
import { LocalHandshake } from "../exec/shell-handshake";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { newId } from "../shared/new-id";
import type { Runnable } from "../shared/runbook";
import { appendEvent } from "../timeline/append-event";
import { consumeApproval } from "./approvals";
import { finishRun } from "./finish-run";
import { missingVariablesMessage } from "./missing-variables";
import { checkConfirmation, type Confirmation } from "./run-guard";
import { planRun, shownText, type RunRequest } from "./run-plan";
import { recordStepChanges } from "./record-step-changes";
import { prepareRunArea } from "./run-area";
import { ackFileOf } from "../exec/session-script";
import { prepareRunFiles, runFilePaths, type RunFiles } from "./session-state";
import { remoteRun } from "./remote-run";
import { checkTargetRole } from "../targets/resolve-target";

export interface StartRunInput extends RunRequest, Confirmation {
  cols: number;
  rows: number;
  /** The account starting it: only that account's connections may type into the run. */
  runnerUserId?: string;
  /** A commander's approval, required (and used up) when the run's guard asks for one. */
  approvalId?: string;
  /** Set when a run-all starts it: the run-all's version it saw, claimed in the run's own transaction. */
  runAll?: { id: string; version: number };
  /** Called once the run's end is recorded. */
  onFinished?: () => void;
}

export interface StartedRun {
  runId: string;
  /** Proves to the stream endpoint that a connection is the runner's: keystrokes and resize. */
  runnerToken: string;
}

/**
 * Starts a runbook command (or block) of an incident in a new pty. What runs is looked up by id
 * in the incident's runbook snapshot: the browser sends shell text only for an explicit edit.
 * Every check is made here, whoever calls: variables the command needs, the confirmation its risk
 * asks for, the commander's approval, the limit of commands running at once.
 */
export async function startRun(db: PrismaClient, cfg: Config, actor: string, input: StartRunInput): Promise<StartedRun> {
  const plan = await planRun(db, cfg, input);
  if (plan.missing.length > 0) throw new AppError("PRECONDITION_FAILED", missingVariablesMessage(plan.missing));
  checkConfirmation(plan.guard, input);
  if (plan.target) await checkTargetRole(db, actor, plan.target);
  const running = [...liveRuns().values()].filter((r) => r.running).length;
  if (running >= cfg.maxRuns) {
    throw new AppError(
      "CONFLICT",
      `${running} commands are already running (the limit is ${cfg.maxRuns}). Wait for one to finish or cancel one.`,
    );
  }

  const { runnable, sections, box, originalText } = plan;
  const secrets = plan.variables.filter((v) => v.secret).map((v) => v.value);
  const shown = shownText(plan);
  const runId = newId("run");
  const startedAt = new Date();
  await db.$transaction(async (tx) => {
    if (input.runAll) await claimForRunAll(tx, input.runAll, runId);
    if (originalText !== null) {
      await appendEvent(tx, {
        incidentId: plan.incidentId,
        actor,
        at: startedAt,
        body: { type: "command.edited", payload: { commandId: runnable.id, originalText, text: shown } },
      });
    }
    await tx.run.create({
      data: {
        id: runId,
        incidentId: plan.incidentId,
        commandId: runnable.id,
        commandText: shown,
        originalText,
        startedBy: actor,
        startedAt,
        runAllId: input.runAll?.id ?? null,
        instanceId: cfg.instanceId,
        cols: input.cols,
      },
    });
    if (plan.guard.needsApproval) {
      await consumeApproval(tx, {
        approvalId: input.approvalId,
        incidentId: plan.incidentId,
        commandId: runnable.id,
        // Compared as stored: masked, as the approval request stored it.
        text: shown,
        binding: plan.binding,
        actor,
        runId,
      });
    }
    await appendEvent(tx, {
      incidentId: plan.incidentId,
      actor,
      runId,
      at: startedAt,
      body: {
        type: "command.started",
        payload: {
          commandId: runnable.id,
          text: shown,
          section: runnable.section,
          kind: runnable.kind,
          originalText,
          target: plan.target ? { name: plan.target.name, where: plan.target.where } : null,
        },
      },
    });
    await recordStepChanges(tx, { incidentId: plan.incidentId, sections, actor, runId, commandId: runnable.id, when: startedAt });
  });

  const runnerToken = randomBytes(18).toString("base64url");
  const nonce = randomBytes(12).toString("hex");
  const remote = plan.target ? remoteRun(db, cfg, plan, nonce) : null;
  const live = new LiveRun(runId, plan.incidentId, runnerToken, {
    cols: input.cols,
    rows: input.rows,
    outputCapBytes: cfg.outputCapBytes,
    secrets,
    handshake: remote?.handshake ?? new LocalHandshake(nonce, ackFileOf(runFilePaths(cfg, runId).stateOut)),
    runnerUserId: input.runnerUserId,
  });
  liveRuns().set(runId, live);
  const ctx = {
    live,
    actor,
    commandId: runnable.id,
    startedAt,
    sections,
    box,
    checks: plan.command?.checks ?? [],
    onFinished: input.onFinished,
  };
  let files: RunFiles | null = null;
  try {
    let proc: PtyProcess;
    if (remote) {
      proc = await remote.spawn({ cols: input.cols, rows: input.rows });
    } else {
      await prepareRunArea(cfg, plan.account);
      // Under the run account the mark comes from the root process around the shell, not from it.
      files = await prepareRunFiles(cfg, plan.account, runId, plan.text, plan.shellState, plan.account.self ? nonce : null);
      proc = await spawnPty(files.script, {
        name: "runlog",
        shell: cfg.shell,
        cwd: plan.cwd,
        env: plan.env,
        cols: input.cols,
        rows: input.rows,
        ...(plan.account.self ? {} : { runAs: { ...plan.account, endMark: { nonce, ackFile: ackFileOf(files.stateOut) } } }),
      });
    }
    live.setProcess(proc);
    const timeout = setTimeout(() => live.stop("timed-out", cfg.cancelGraceMs), timeoutMs(runnable, cfg));
    const runFiles = files;
    proc.onExit((transportExit) => {
      clearTimeout(timeout);
      const exit = remote ? remote.exitOf(transportExit) : transportExit;
      void (async () => {
        await remote?.beforeFinish(live);
        await finishRun(db, { ...ctx, files: runFiles, remoteSession: remote?.session, exit: { ...exit, status: live.statusFor(exit) } });
        await remote?.close();
      })();
    });
  } catch (err) {
    // The run is recorded as started; record how it ended so the timeline never dangles.
    live.publish(Buffer.from(`runlog: could not start the shell: ${(err as Error).message}\r\n`));
    await finishRun(db, { ...ctx, files, exit: { exitCode: 127, signal: null, status: "exited" } });
    await remote?.close();
  }
  return { runId, runnerToken };
}

/**
 * The run-all moves to this run only if nobody moved it since it looked (another instance, a
 * Stop): otherwise the run is not recorded at all.
 */
async function claimForRunAll(tx: Prisma.TransactionClient, runAll: { id: string; version: number }, runId: string): Promise<void> {
  const { count } = await tx.runAll.updateMany({
    where: { id: runAll.id, version: runAll.version, state: { in: ["running", "waiting"] }, stopRequestedBy: null },
    data: { currentRunId: runId, state: "running", wait: null, version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", "The run-all has moved on since this page looked: reload.");
}

function timeoutMs(runnable: Runnable, cfg: Config): number {
  // setTimeout cannot wait longer than 2^31-1 ms (~24.8 days).
  return Math.min((runnable.timeoutSeconds ?? cfg.commandTimeoutSeconds) * 1000, 2 ** 31 - 1);
}
