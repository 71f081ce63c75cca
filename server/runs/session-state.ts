import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config";
import type { RunAccount } from "../exec/run-account";
import { giveTo, runsDir } from "./run-area";
import type { SecretBox } from "../secrets/secret-box";
import type { PrismaClient } from "../generated/prisma/client";
import { sessionScript, type SessionAfter } from "../exec/session-script";

export type { SessionAfter } from "../exec/session-script";

// A session left by a command is at most this big; larger means a command stored a file's worth
// of data in a variable, which is not carried to the next command (the run says so).
const MAX_STATE_BYTES = 256 * 1024;

export interface RunFiles {
  dir: string;
  /** What bash runs: the session prelude and the command. */
  script: string;
  stateIn: string;
  stateOut: string;
}

/** Where a run's session files go: its folder, the session it starts from and the one it leaves. */
export function runFilePaths(cfg: Config, runId: string): { dir: string; stateIn: string; stateOut: string } {
  const dir = path.join(runsDir(cfg), runId);
  return { dir, stateIn: path.join(dir, "state-in.sh"), stateOut: path.join(dir, "state-out.sh") };
}

/** Writes the session the run starts from, in a folder of its own, and returns its script. */
export async function prepareRunFiles(
  cfg: Config,
  account: RunAccount,
  runId: string,
  commandText: string,
  shellState: string,
  nonce: string | null,
): Promise<RunFiles> {
  const paths = runFilePaths(cfg, runId);
  const { dir } = paths;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(paths.stateIn, shellState, { mode: 0o600 });
  // The shell reads its session and writes the next one there, as the run account.
  await giveTo(dir, account);
  return { ...paths, script: sessionScript(commandText, { ...paths, nonce }) };
}

/** What the command left behind, read back from the files bash wrote on exit. */
export async function readSessionAfter(files: RunFiles): Promise<SessionAfter | null> {
  const state = await readFile(files.stateOut).catch(() => null);
  if (state === null) return null;
  const cwd = await readFile(`${files.stateOut}.cwd`, "utf8").catch(() => null);
  const raw = await readFile(`${files.stateOut}.vars`).catch(() => Buffer.alloc(0));
  const parts = raw.toString("utf8").split("\0");
  const vars: [string, string][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) vars.push([parts[i]!, parts[i + 1]!]);
  const tooLarge = state.length > MAX_STATE_BYTES;
  return { state: tooLarge ? "" : state.toString("utf8"), cwd: cwd || null, vars: tooLarge ? [] : vars, tooLarge };
}

export async function saveSession(
  db: PrismaClient,
  incidentId: string,
  after: SessionAfter,
  mask: (text: string) => string,
  box: SecretBox,
): Promise<void> {
  await db.incident.update({
    where: { id: incidentId },
    data: {
      // Encrypted: a command may have copied a secret into a shell variable.
      shellState: after.state ? box.seal(after.state) : "",
      shellCwd: after.cwd,
      // Values are shown to everyone watching: secrets masked, long values cut.
      // Masked before cut: a cut could split a secret so that no mask matches it.
      shellVars: JSON.stringify(after.vars.map(([k, v]) => [k, shorten(mask(v))])),
    },
  });
}

export async function removeRunFiles(files: RunFiles): Promise<void> {
  await rm(files.dir, { recursive: true, force: true });
}

function shorten(v: string): string {
  return v.length > 500 ? `${v.slice(0, 500)}…` : v;
}
