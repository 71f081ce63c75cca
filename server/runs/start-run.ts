import { mkdir } from "node:fs/promises";
import type { Config } from "../config";
import { AppError } from "../errors";
import { LiveRun, liveRuns } from "../exec/live-run";
import { OutputCapture } from "../exec/output-capture";
import { spawnPty } from "../exec/pty-process";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { newId } from "../shared/new-id";
import { findCommand } from "../shared/runbook";
import { appendEvent } from "../timeline/append-event";
import { finishRun } from "./finish-run";

export interface StartRunInput {
  incidentId: string;
  commandId: string;
  cols: number;
  rows: number;
}

/**
 * Starts a runbook command of an incident in a new pty. The command is looked up by id in the
 * incident's runbook snapshot: the browser never sends shell text to run.
 */
export async function startRun(db: PrismaClient, cfg: Config, actor: string, input: StartRunInput): Promise<{ runId: string }> {
  const incident = await db.incident.findUnique({
    where: { id: input.incidentId },
    select: { id: true, runbookContent: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  const found = findCommand((await parseContent(incident.runbookContent)).runbook.sections, input.commandId);
  if (!found) {
    throw new AppError("NOT_FOUND", `This incident's runbook has no command ${input.commandId}. Reload the page.`);
  }
  const { command } = found;
  const section = found.section.path;

  const runId = newId("run");
  const startedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.run.create({
      data: { id: runId, incidentId: incident.id, commandId: command.id, commandText: command.text, startedBy: actor, startedAt },
    });
    await appendEvent(tx, {
      incidentId: incident.id,
      actor,
      runId,
      at: startedAt,
      body: { type: "command.started", payload: { commandId: command.id, text: command.text, section } },
    });
  });

  await mkdir(cfg.workDir, { recursive: true });
  const live = new LiveRun(runId, incident.id);
  liveRuns().set(runId, live);
  // Output is capped as it arrives: a command printing gigabytes must not grow memory.
  const capture = new OutputCapture(cfg.outputCapBytes);
  let proc;
  try {
    proc = spawnPty(command.text, { shell: cfg.shell, cwd: cfg.workDir, env: commandEnv(), cols: input.cols, rows: input.rows });
  } catch (err) {
    // The run is recorded as started; record how it ended so the timeline never dangles.
    const message = Buffer.from(`runlog: could not start the shell: ${(err as Error).message}\r\n`);
    capture.push(message);
    live.publish(message);
    await finishRun(db, { live, actor, commandId: command.id, startedAt, capture, exit: { exitCode: 127, signal: null } });
    return { runId };
  }
  live.hangUp = () => proc.kill("SIGHUP");
  proc.onData((chunk) => {
    capture.push(chunk);
    live.publish(chunk);
  });
  proc.onExit((exit) => {
    void finishRun(db, { live, actor, commandId: command.id, startedAt, capture, exit });
  });
  return { runId };
}

/** The server's environment minus Runlog's own settings, which may hold secrets. */
function commandEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("RUNLOG_") && k !== "NODE_OPTIONS") env[k] = v;
  }
  return env;
}
