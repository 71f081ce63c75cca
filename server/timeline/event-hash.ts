import { createHash } from "node:crypto";

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

/** sha256 over the previous event's hash and this event's fields, as a JSON array (one canonical form). */
export function eventHash(prevHash: string, e: HashedFields): string {
  const canonical = JSON.stringify([prevHash, e.incidentId, e.seq, e.type, e.actor, e.at.toISOString(), e.runId, e.payload]);
  return createHash("sha256").update(canonical).digest("hex");
}
