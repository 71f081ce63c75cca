import { mkdirSync } from "node:fs";
import path from "node:path";
import { config, type Config } from "./config";
import { useChainAnchor } from "./timeline/chain-anchor";
import { useChainKeyOf } from "./timeline/chain-key";
import { notifyingSqliteAdapter } from "./db/sqlite-adapter";
import { attachFeed, LocalFeed, PostgresFeed, TIMELINE_CHANNEL } from "./timeline/timeline-feed";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/prisma-pg/client";
import { PrismaPg } from "@prisma/adapter-pg";

/**
 * PostgreSQL's client, generated from the same models: the code is written against one client
 * type, and both run the same queries (the test suite runs on both databases).
 */
function postgresClient(url: string): PrismaClient {
  return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
}

/** The database client for this configuration; it also loads what timeline writes need (the chain key, the head anchor). */
export function createPrisma(cfg: Config): PrismaClient {
  mkdirSync(path.dirname(cfg.databaseFile), { recursive: true, mode: 0o700 });
  let client: PrismaClient;
  if (cfg.databaseUrl) {
    client = postgresClient(cfg.databaseUrl);
    attachFeed(client, new PostgresFeed(cfg.databaseUrl));
  } else {
    const feed = new LocalFeed();
    const adapter = notifyingSqliteAdapter(cfg.databaseFile, (channel, payload) => channel === TIMELINE_CHANNEL && feed.deliver(payload));
    client = new PrismaClient({ adapter });
    attachFeed(client, feed);
  }
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
