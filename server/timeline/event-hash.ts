import { createHash, createHmac } from "node:crypto";
import { chainKey } from "./chain-key";

/** The stored fields of an event that its hash covers: everything but its own id and hashes. */
export interface HashedFields {
  incidentId: string;
  seq: number;
  type: string;
  actor: string;
  at: Date;
  runId: string | null;
  /** The payload exactly as stored (a JSON string): what is hashed is what is kept. */
  payload: string;
}

const canonical = (prevHash: string, e: HashedFields) =>
  JSON.stringify([prevHash, e.incidentId, e.seq, e.type, e.actor, e.at.toISOString(), e.runId, e.payload]);

/** HMAC-SHA256, under the chain key, over the previous event's hash and this event's fields as a JSON array (one canonical form). */
export function eventHash(prevHash: string, e: HashedFields, key: Buffer = chainKey()): string {
  return createHmac("sha256", key).update(canonical(prevHash, e)).digest("hex");
}

/** How chains were hashed before they were keyed (plain sha256): only to upgrade them, once. */
export function unkeyedEventHash(prevHash: string, e: HashedFields): string {
  return createHash("sha256").update(canonical(prevHash, e)).digest("hex");
}
