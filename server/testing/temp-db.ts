import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readConfig, type Config } from "../config";
import { createPrisma } from "../db";
import { migrateDatabase } from "../db/migrate-database";
import type { PrismaClient } from "../generated/prisma/client";
import { flushAnchors } from "../timeline/chain-anchor";

export interface TempEnv {
  dir: string;
  cfg: Config;
  prisma: PrismaClient;
  cleanup(): Promise<void>;
}

/** A real, migrated SQLite database and data folder in a temp directory, for one test file. */
export async function tempEnv(overrides: Record<string, string> = {}): Promise<TempEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-test-"));
  // As root, commands run as Runlog's own run account, as in production; elsewhere as the test's user.
  const runAs = process.getuid?.() === 0 ? "runlog-run" : "self";
  const cfg = readConfig({ RUNLOG_DATA_DIR: dir, RUNLOG_RUN_AS: runAs, ...overrides });
  await migrateDatabase(cfg.databaseFile);
  const prisma = createPrisma(cfg);
  return {
    dir,
    cfg,
    prisma,
    async cleanup() {
      // Heads still to be anchored are written now, not into a folder being removed.
      await flushAnchors();
      await prisma.$disconnect();
      // A command's shell may still be writing its session files as it is killed: retry.
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
