import os from "node:os";
import path from "node:path";
import { z } from "zod";

// Every setting Runlog reads from the environment, with its default. Documented in the README.
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Bound to loopback by default: this server runs shell commands.
  RUNLOG_HOST: z.string().min(1).default("127.0.0.1"),
  RUNLOG_DATA_DIR: z.string().min(1).default("data"),
  RUNLOG_RUNBOOKS_DIR: z.string().min(1).default("runbooks"),
  RUNLOG_WORK_DIR: z.string().min(1).optional(),
  RUNLOG_SHELL: z.string().min(1).default("/bin/bash"),
  /** Who the single local user is until sign-in exists. */
  RUNLOG_ACTOR: z.string().min(1).max(100).optional(),
  /** Bytes of output kept per run (head and tail); the middle is dropped with a marker. */
  RUNLOG_OUTPUT_CAP_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  /** Commands running at once, across incidents; the next one is refused with a message. */
  RUNLOG_MAX_RUNS: z.coerce.number().int().min(1).max(1000).default(16),
  /** Seconds a command may run unless its runbook says otherwise. */
  RUNLOG_COMMAND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  /** After Ctrl-C, how long before SIGTERM (and as long again before SIGKILL). */
  RUNLOG_CANCEL_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  runbooksDir: string;
  workDir: string;
  shell: string;
  actor: string;
  outputCapBytes: number;
  maxRuns: number;
  commandTimeoutSeconds: number;
  cancelGraceMs: number;
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.RUNLOG_DATA_DIR);
  return {
    port: e.PORT,
    host: e.RUNLOG_HOST,
    dataDir,
    databaseFile: path.join(dataDir, "runlog.db"),
    runbooksDir: path.resolve(/*turbopackIgnore: true*/ e.RUNLOG_RUNBOOKS_DIR),
    workDir: path.resolve(/*turbopackIgnore: true*/ e.RUNLOG_WORK_DIR ?? path.join(dataDir, "work")),
    shell: e.RUNLOG_SHELL,
    actor: e.RUNLOG_ACTOR ?? safeUsername(),
    outputCapBytes: e.RUNLOG_OUTPUT_CAP_BYTES,
    maxRuns: e.RUNLOG_MAX_RUNS,
    commandTimeoutSeconds: e.RUNLOG_COMMAND_TIMEOUT_SECONDS,
    cancelGraceMs: e.RUNLOG_CANCEL_GRACE_MS,
  };
}

function safeUsername(): string {
  try {
    return os.userInfo().username || "local";
  } catch {
    return "local";
  }
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= readConfig();
  return cached;
}
