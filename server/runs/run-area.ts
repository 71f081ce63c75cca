import { chmod, chown, lstat, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { RunAccount } from "../exec/run-account";

/** Where each run's session files live: the run account writes its shell state there. */
export function runsDir(cfg: Config): string {
  return path.join(cfg.dataDir, "runs");
}

const prepared = new Set<string>();

/**
 * Gives the run account its folders (the work folder, the runs' session folders) and nothing
 * else: the data folder can be passed through (mode 0711) but not listed, and everything Runlog
 * keeps in it (database, keys) stays 0600 to its own account.
 */
export async function prepareRunArea(cfg: Config, account: RunAccount): Promise<void> {
  const key = `${cfg.dataDir}\0${cfg.workDir}\0${account.uid}`;
  if (prepared.has(key)) return;
  const dirs = [cfg.workDir, runsDir(cfg)];
  for (const d of dirs) await mkdir(d, { recursive: true, mode: 0o700 });
  if (!account.self) {
    await chmod(cfg.dataDir, 0o711);
    for (const d of dirs) {
      await assertReachable(d, account);
      await giveTo(d, account);
    }
  }
  prepared.add(key);
}

/** Hands a folder Runlog made for the run account (and what older versions left in it) to that account. */
export async function giveTo(target: string, account: RunAccount): Promise<void> {
  if (account.self) return;
  const s = await lstat(target);
  if (s.uid !== account.uid || s.gid !== account.gid) {
    await chown(target, account.uid, account.gid);
    if (s.isDirectory()) for (const name of await readdir(target)) await giveTo(path.join(target, name), account);
  }
  if (s.isDirectory()) await chmod(target, 0o700);
}

async function assertReachable(dir: string, account: RunAccount): Promise<void> {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const s = await stat(d);
    const traversable =
      s.uid === account.uid ? (s.mode & 0o100) !== 0 : s.gid === account.gid ? (s.mode & 0o010) !== 0 : (s.mode & 0o001) !== 0;
    if (!traversable) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `Commands run as ${account.name}, which cannot reach ${dir}: ${d} is closed to it. Allow passing through it (chmod o+x ${d}) or set RUNLOG_WORK_DIR and RUNLOG_DATA_DIR elsewhere.`,
      );
    }
    if (d === path.dirname(d)) return;
  }
}
