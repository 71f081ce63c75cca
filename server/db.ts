import { mkdirSync } from "node:fs";
import path from "node:path";
import { config, type Config } from "./config";
import { useChainAnchor } from "./timeline/chain-anchor";
import { useChainKeyOf } from "./timeline/chain-key";
import { sqliteAdapter } from "./db/sqlite-adapter";
import { PrismaClient } from "./generated/prisma/client";

/** The database client for this configuration; it also loads what timeline writes need (the chain key, the head anchor). */
export function createPrisma(cfg: Config): PrismaClient {
  mkdirSync(path.dirname(cfg.databaseFile), { recursive: true, mode: 0o700 });
  const client = new PrismaClient({ adapter: sqliteAdapter(cfg.databaseFile) });
  useChainKeyOf(cfg);
  useChainAnchor(cfg.dataDir, client);
  return client;
}

// One client per process. Next's bundle and the custom server load this module separately,
// and dev reloads re-evaluate it, so the instance lives on globalThis.
const g = globalThis as unknown as { runlogPrisma?: PrismaClient };

export function db(): PrismaClient {
  g.runlogPrisma ??= createPrisma(config());
  return g.runlogPrisma;
}
