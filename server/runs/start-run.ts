import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import type { Config } from "../config";
import { AppError } from "../errors";
import { LiveRun, liveRuns } from "../exec/live-run";
import { SecretMasker } from "../exec/secret-masker";
import { spawnPty } from "../exec/pty-process";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { newId } from "../shared/new-id";
import { findRunnable, type Runnable } from "../shared/runbook";
import { secretBox } from "../secrets/secret-box";
import { appendEvent } from "../timeline/append-event";
import { commandEnv } from "./command-env";
import { finishRun } from "./finish-run";
import { consumeApproval } from "./approvals";
import { recordStepChanges } from "./record-step-changes";
import { prepareRunFiles } from "./session-state";

export interface StartRunInput {
  incidentId: string;
  /** A command's or a code block's id from the incident's runbook. */
  commandId: string;
  /** The runner's edit of that command, run instead of the runbook's text (and recorded with it). */
  editedText?: string;
  cols: number;
  rows: number;
  /** The account starting it: only that account's connections may type into the run. */
  runnerUserId?: string;
  /** A commander's approval, required (and used up) when the run's guard asks for one. */
  approvalId?: string;
  needsApproval?: boolean;
}

export interface StartedRun {
  runId: string;
  /** Proves to the stream endpoint that a connection is the runner's: keystrokes and resize. */
  runnerToken: string;
}

/**
 * Starts a runbook command (or block) of an incident in a new pty. What runs is looked up by id
 * in the incident's runbook snapshot: the browser sends shell text only for an explicit edit.
 */
export async function startRun(db: PrismaClient, cfg: Config, actor: string, input: StartRunInput): Promise<StartedRun> {
  const incident = await db.incident.findUnique({
    where: { id: input.incidentId },
    select: { id: true, runbookContent: true, shellState: true, shellCwd: true, variables: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  const { sections } = (await parseContent(incident.runbookContent)).runbook;
  const runnable = findRunnable(sections, input.commandId);
  if (!runnable) throw new AppError("NOT_FOUND", `This incident's runbook has no command ${input.commandId}. Reload the page.`);
  if (input.editedText !== undefined && runnable.kind !== "command")
    throw new AppError("BAD_REQUEST", "Only a single command can be edited before running.");
  const running = [...liveRuns().values()].filter((r) => r.running).length;
  if (running >= cfg.maxRuns) {
    throw new AppError(
      "CONFLICT",
      `${running} commands are already running (the limit is ${cfg.maxRuns}). Wait for one to finish or cancel one.`,
    );
  }

  const box = secretBox(cfg);
  const variables = incident.variables.map((v) => ({ name: v.name, value: v.secret ? box.open(v.value) : v.value, secret: v.secret }));
  const secrets = variables.filter((v) => v.secret).map((v) => v.value);
  const text = input.editedText ?? runnable.text;
  const originalText = input.editedText !== undefined && input.editedText !== runnable.text ? runnable.text : null;
  // What is stored and shown: a secret pasted into an edit is masked like one in the output.
  const shown = new SecretMasker(secrets).maskText(text);
  const runId = newId("run");
  const startedAt = new Date();
  await db.$transaction(async (tx) => {
    if (originalText !== null) {
      await appendEvent(tx, {
        incidentId: incident.id,
        actor,
        at: startedAt,
        body: { type: "command.edited", payload: { commandId: runnable.id, originalText, text: shown } },
      });
    }
    await tx.run.create({
      data: { id: runId, incidentId: incident.id, commandId: runnable.id, commandText: shown, originalText, startedBy: actor, startedAt },
    });
    if (input.needsApproval)
      await consumeApproval(tx, { approvalId: input.approvalId, incidentId: incident.id, commandId: runnable.id, text, actor, runId });
    await appendEvent(tx, {
      incidentId: incident.id,
      actor,
      runId,
      at: startedAt,
      body: {
        type: "command.started",
        payload: { commandId: runnable.id, text: shown, section: runnable.section, kind: runnable.kind, originalText },
      },
    });
    await recordStepChanges(tx, { incidentId: incident.id, sections, actor, runId, commandId: runnable.id, when: startedAt });
  });

  const runnerToken = randomBytes(18).toString("base64url");
  const nonce = randomBytes(12).toString("hex");
  const live = new LiveRun(runId, incident.id, runnerToken, {
    cols: input.cols,
    rows: input.rows,
    outputCapBytes: cfg.outputCapBytes,
    secrets,
    nonce,
    runnerUserId: input.runnerUserId,
  });
  liveRuns().set(runId, live);
  const ctx = { live, actor, commandId: runnable.id, startedAt, sections, box };
  let files;
  try {
    await mkdir(cfg.workDir, { recursive: true });
    files = await prepareRunFiles(cfg, runId, text, box.open(incident.shellState), nonce);
    const cwd = incident.shellCwd && existsSync(incident.shellCwd) ? incident.shellCwd : cfg.workDir;
    const env = commandEnv(variables.map((v) => ({ name: v.name, value: v.value })));
    const proc = spawnPty(files.script, { name: "runlog", shell: cfg.shell, cwd, env, cols: input.cols, rows: input.rows });
    live.setProcess(proc);
    const timeout = setTimeout(() => live.stop("timed-out", cfg.cancelGraceMs), timeoutMs(runnable, cfg));
    const runFiles = files;
    proc.onExit((exit) => {
      clearTimeout(timeout);
      void finishRun(db, { ...ctx, files: runFiles, exit: { ...exit, status: live.statusFor(exit) } });
    });
  } catch (err) {
    // The run is recorded as started; record how it ended so the timeline never dangles.
    live.publish(Buffer.from(`runlog: could not start the shell: ${(err as Error).message}\r\n`));
    await finishRun(db, { ...ctx, files: files ?? null, exit: { exitCode: 127, signal: null, status: "exited" } });
  }
  return { runId, runnerToken };
}

function timeoutMs(runnable: Runnable, cfg: Config): number {
  // setTimeout cannot wait longer than 2^31-1 ms (~24.8 days).
  return Math.min((runnable.timeoutSeconds ?? cfg.commandTimeoutSeconds) * 1000, 2 ** 31 - 1);
}
