import { hkdfSync } from "node:crypto";
import type { Config } from "../config";
import { secretKeyBytes } from "../secrets/secret-box";

// The timeline's hash chain is an HMAC under a key derived from Runlog's secret key: someone who
// can write the database but not read the key (a command, a database administrator) cannot
// recompute a chain that verifies. One key per process, set where the database client is made;
// shared through globalThis because Next's bundle and the custom server load this module apart.
const g = globalThis as unknown as { runlogChainKey?: Buffer };

export function useChainKeyOf(cfg: Config): void {
  g.runlogChainKey = Buffer.from(hkdfSync("sha256", secretKeyBytes(cfg), Buffer.alloc(0), "runlog timeline hash chain", 32));
}

export function chainKey(): Buffer {
  if (!g.runlogChainKey)
    throw new Error("The timeline's chain key is not loaded: create the database client with createPrisma(cfg) first.");
  return g.runlogChainKey;
}
