import { execFileSync } from "node:child_process";
import os from "node:os";
import { AppError } from "../errors";

/** The OS account commands run as. */
export interface RunAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** Runlog's own account: commands can read its keys and database (the operator said so). */
  self: boolean;
}

/** The account Runlog creates (when it runs as root) and runs commands as, unless told otherwise. */
export const DEFAULT_RUN_USER = "runlog-run";
const DEFAULT_RUN_HOME = "/var/lib/runlog-run";

const resolved = new Map<string, Promise<RunAccount>>();

/**
 * Who commands run as, for `RUNLOG_RUN_AS` (a user name, or `self`). A command must not be able
 * to read Runlog's data folder, keys or environment, so by default it runs as an unprivileged
 * account of its own; Runlog switches to it (it must run as root to) and creates it if missing.
 */
export function runAccount(runAs: string): Promise<RunAccount> {
  let p = resolved.get(runAs);
  if (!p) {
    p = Promise.resolve().then(() => lookUp(runAs));
    // A failure is not cached: the operator may fix it without a restart.
    p.catch(() => resolved.delete(runAs));
    resolved.set(runAs, p);
  }
  return p;
}

function lookUp(runAs: string): RunAccount {
  if (runAs === "self") {
    const me = os.userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid, home: me.homedir, self: true };
  }
  if (process.getuid?.() !== 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `Runlog runs as ${os.userInfo().username}, which cannot switch to ${runAs} to run commands. Run Runlog as root, or set ` +
        "RUNLOG_RUN_AS=self to run commands as Runlog's own account (they can then read its keys and database: see the README).",
    );
  }
  const found = passwdEntry(runAs) ?? (runAs === DEFAULT_RUN_USER ? createDefaultUser() : null);
  if (!found) throw new AppError("PRECONDITION_FAILED", `RUNLOG_RUN_AS names ${runAs}, and there is no such account on this machine.`);
  if (found.uid === 0) throw new AppError("PRECONDITION_FAILED", `RUNLOG_RUN_AS names ${runAs}, which is root: say self if you mean that.`);
  return found;
}

function passwdEntry(name: string): RunAccount | null {
  try {
    const [, , uid, gid, , home] = execFileSync("getent", ["passwd", name], { encoding: "utf8" }).trim().split(":");
    return { name, uid: Number(uid), gid: Number(gid), home: home ?? "/", self: false };
  } catch {
    return null;
  }
}

function createDefaultUser(): RunAccount | null {
  try {
    execFileSync(
      "useradd",
      ["--system", "--user-group", "--create-home", "--home-dir", DEFAULT_RUN_HOME, "--shell", "/bin/bash", DEFAULT_RUN_USER],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } catch {
    // Another Runlog process may have created it at the same moment: look again.
  }
  return passwdEntry(DEFAULT_RUN_USER);
}
