import { mkdirSync } from "node:fs";
import path from "node:path";
import { config } from "./config";
import { sqliteAdapter } from "./db/sqlite-adapter";
import { PrismaClient } from "./generated/prisma/client";

export function createPrisma(databaseFile: string): PrismaClient {
  mkdirSync(path.dirname(databaseFile), { recursive: true, mode: 0o700 });
  return new PrismaClient({ adapter: sqliteAdapter(databaseFile) });
}

// One client per process. Next's bundle and the custom server load this module separately,
// and dev reloads re-evaluate it, so the instance lives on globalThis.
const g = globalThis as unknown as { runlogPrisma?: PrismaClient };

export function db(): PrismaClient {
  g.runlogPrisma ??= createPrisma(config().databaseFile);
  return g.runlogPrisma;
}
