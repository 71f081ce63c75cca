import type { PrismaClient } from "../generated/prisma/client";
import type { AnchoredHead } from "../timeline/chain-anchor";
import { verifyChain } from "../timeline/verify-chain";

/**
 * The tables in an order that satisfies their foreign keys (parents first). A model added to the
 * schema must be added here: the copy test fails on a table it did not copy.
 */
export const COPY_ORDER = [
  "user",
  "session",
  "account",
  "verification",
  "rateLimit",
  "signInThrottle",
  "incident",
  "run",
  "incidentVariable",
  "timelineEvent",
  "incidentParticipant",
  "approval",
  "runAll",
  "apiToken",
  "alertNotification",
  "alert",
  "notification",
  // The other instances' registrations: harmless history; the copy's own instances re-register.
  "instance",
  "target",
] as const;

/** Each table's primary key, to read it in a stable order. */
const KEY: Partial<Record<(typeof COPY_ORDER)[number], Record<string, "asc">[]>> = {
  signInThrottle: [{ email: "asc" }],
  incidentVariable: [{ incidentId: "asc" }, { name: "asc" }],
  incidentParticipant: [{ incidentId: "asc" }, { actor: "asc" }],
  target: [{ name: "asc" }],
};

type Delegate = {
  count(): Promise<number>;
  findMany(args: { skip: number; take: number; orderBy: unknown }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
};
const delegate = (db: PrismaClient, model: (typeof COPY_ORDER)[number]) => db[model] as unknown as Delegate;

const BATCH = 500;

export interface CopyReport {
  rows: Record<string, number>;
  incidents: number;
  broken: string[];
}

/**
 * Copies every row of one Runlog database to another, empty one (already migrated): the move
 * from the embedded SQLite file to PostgreSQL. Refuses a target that holds anything; ends by
 * verifying every incident's hash chain on the target, which proves the timeline came across
 * byte for byte.
 */
export async function copyDatabase(
  from: PrismaClient,
  to: PrismaClient,
  /** The heads anchored outside the database (the data folder's file), checked on the target too. */
  anchorsOf: (incidentId: string) => AnchoredHead[] = () => [],
): Promise<CopyReport> {
  for (const model of COPY_ORDER) {
    if ((await delegate(to, model).count()) > 0)
      throw new Error(`The target database is not empty (it has ${model} rows): copy only into an empty one.`);
  }
  const rows: Record<string, number> = {};
  for (const model of COPY_ORDER) {
    const source = delegate(from, model);
    const target = delegate(to, model);
    let copied = 0;
    for (;;) {
      const batch = await source.findMany({ skip: copied, take: BATCH, orderBy: KEY[model] ?? [{ id: "asc" }] });
      if (batch.length === 0) break;
      await target.createMany({ data: batch });
      copied += batch.length;
    }
    rows[model] = copied;
  }
  const incidents = await to.incident.findMany({ select: { id: true } });
  const broken: string[] = [];
  for (const { id } of incidents) if (!(await verifyChain(to, id, anchorsOf(id))).ok) broken.push(id);
  return { rows, incidents: incidents.length, broken };
}
