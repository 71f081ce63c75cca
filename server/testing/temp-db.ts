import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import pg from "pg";
import os from "node:os";
import path from "node:path";
import { readConfig, type Config } from "../config";
import { createPrisma } from "../db";
import { migrateConfigured } from "../db/migrate-database";
import type { PrismaClient } from "../generated/prisma/client";
import { flushAnchors } from "../timeline/chain-anchor";
import { feedOf } from "../timeline/timeline-feed";

export interface TempEnv {
  dir: string;
  cfg: Config;
  prisma: PrismaClient;
  /** The environment a CLI command (or anything reading process.env) needs to reach this database. */
  cliEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A real, migrated SQLite database and data folder in a temp directory, for one test file. */
export async function tempEnv(overrides: Record<string, string> = {}): Promise<TempEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-test-"));
  // As root, commands run as Runlog's own run account, as in production; elsewhere as the test's user.
  const runAs = process.getuid?.() === 0 ? "runlog-run" : "self";
  const databaseUrl = await testDatabase();
  const cfg = readConfig({
    RUNLOG_DATA_DIR: dir,
    RUNLOG_RUN_AS: runAs,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...overrides,
  });
  await migrateConfigured(cfg);
  const prisma = createPrisma(cfg);
  return {
    dir,
    cfg,
    prisma,
    cliEnv: { RUNLOG_DATA_DIR: dir, ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}) },
    async cleanup() {
      // Heads still to be anchored are written now, not into a folder being removed.
      await flushAnchors();
      await feedOf(prisma).close();
      await prisma.$disconnect();
      // A command's shell may still be writing its session files as it is killed: retry.
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

/** In the PostgreSQL run of the suite: a new database in the run's cluster for this test file. */
async function testDatabase(): Promise<string | null> {
  const admin = process.env.RUNLOG_TEST_PG_ADMIN_URL;
  if (process.env.RUNLOG_TEST_DATABASE !== "postgres" || !admin) return null;
  const name = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return admin.replace(/\/postgres$/, `/${name}`);
}
