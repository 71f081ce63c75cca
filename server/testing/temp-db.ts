import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readConfig, type Config } from "../config";
import { createPrisma } from "../db";
import { migrateDatabase } from "../db/migrate-database";
import type { PrismaClient } from "../generated/prisma/client";

export interface TempEnv {
  dir: string;
  cfg: Config;
  prisma: PrismaClient;
  cleanup(): Promise<void>;
}

/** A real, migrated SQLite database and data folder in a temp directory, for one test file. */
export async function tempEnv(overrides: Record<string, string> = {}): Promise<TempEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-test-"));
  const cfg = readConfig({ RUNLOG_DATA_DIR: dir, ...overrides });
  await migrateDatabase(cfg.databaseFile);
  const prisma = createPrisma(cfg.databaseFile);
  return {
    dir,
    cfg,
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
