import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startPostgresCluster } from "./postgres-cluster";

/**
 * Vitest global set-up for the PostgreSQL run of the suite (RUNLOG_TEST_DATABASE=postgres): one
 * cluster for the run; each test file's tempEnv() makes a database of its own in it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.RUNLOG_TEST_DATABASE !== "postgres") return async () => undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-pg-suite-"));
  await chmod(dir, 0o711);
  const pg = await startPostgresCluster(path.join(dir, "pg"));
  process.env.RUNLOG_TEST_PG_ADMIN_URL = pg.url("postgres");
  return async () => {
    pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
