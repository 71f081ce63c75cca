import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { z } from "zod";
import { SYSTEM_ACTOR, ZTimelineEventBody, type TimelineEventBody } from "../shared/timeline";
import { anchorSoon } from "./chain-anchor";
import { eventHash, type HashedFields } from "./event-hash";
import { noticeOf, notifyAppended, TIMELINE_CHANNEL } from "./timeline-feed";
import { queueNotifications } from "../notify/outbox";

type Tx = Prisma.TransactionClient | PrismaClient;

export interface AppendInput {
  incidentId: string;
  actor: string;
  runId?: string | null;
  at?: Date;
  /** Fields with defaults may be left out; the stored body is the parsed, complete one. */
  body: z.input<typeof ZTimelineEventBody>;
}

/**
 * The only way timeline rows are written. Sequence numbers are dense per incident: each append
 * takes the next number from the incident row inside the caller's transaction (or its own).
 */
export async function appendEvent(db: Tx, input: AppendInput): Promise<{ id: string; seq: number }> {
  const body = ZTimelineEventBody.parse(input.body);
  if ("$transaction" in db) return db.$transaction((tx) => insert(tx, input, body));
  return insert(db, input, body);
}

async function insert(tx: Prisma.TransactionClient, input: AppendInput, body: TimelineEventBody) {
  const row = await write(tx, input, body);
  // The head is anchored once the caller's transaction has committed.
  anchorSoon(input.incidentId, row.seq);
  return row;
}

async function write(tx: Prisma.TransactionClient, input: AppendInput, body: TimelineEventBody) {
  const { nextEventSeq, headHash } = await tx.incident.update({
    where: { id: input.incidentId },
    data: { nextEventSeq: { increment: 1 } },
    select: { nextEventSeq: true, headHash: true },
  });
  const seq = nextEventSeq - 1;
  // The row lock taken by the increment above orders appends: the head it returns is final.
  const prevHash = seq === 0 ? "" : headHash || (await previousHash(tx, input.incidentId, seq));
  const fields = {
    incidentId: input.incidentId,
    seq,
    type: body.type,
    actor: input.actor,
    at: input.at ?? new Date(),
    runId: input.runId ?? null,
    payload: JSON.stringify(body.payload),
  };
  const row = { id: `evt_${randomUUID().replaceAll("-", "")}`, ...fields, prevHash, hash: eventHash(prevHash, fields) };
  const counted = input.actor !== SYSTEM_ACTOR;
  if (dialectOf(tx) === "postgresql") await writeAtOnce(tx, row, counted);
  else {
    await tx.timelineEvent.create({ data: row, select: { id: true } });
    await tx.incident.update({ where: { id: input.incidentId }, data: { headHash: row.hash }, select: { id: true } });
    if (counted) await countParticipant(tx, input.incidentId, input.actor, fields.at);
    // Watchers hear of it when the caller's transaction commits.
    await notifyAppended(tx, input.incidentId, seq);
  }
  await queueNotifications(tx, { incidentId: input.incidentId, actor: input.actor, at: fields.at, body });
  return { id: row.id, seq };
}

/** Before heads were kept on the incident (or after they were re-hashed): the previous event's own hash. */
async function previousHash(tx: Prisma.TransactionClient, incidentId: string, seq: number): Promise<string> {
  const prev = await tx.timelineEvent.findUnique({ where: { incidentId_seq: { incidentId, seq: seq - 1 } }, select: { hash: true } });
  return prev?.hash ?? "";
}

/**
 * PostgreSQL: the event, the new head, the participant and the notice in one statement (each is
 * a round trip otherwise, and an append is a handful of them).
 */
async function writeAtOnce(tx: Prisma.TransactionClient, row: EventRow, counted: boolean) {
  const notice = noticeOf(row.incidentId, row.seq);
  await tx.$executeRaw`WITH ev AS (
      INSERT INTO "TimelineEvent" ("id", "incidentId", "seq", "type", "actor", "at", "runId", "payload", "prevHash", "hash")
      VALUES (${row.id}, ${row.incidentId}, ${row.seq}, ${row.type}, ${row.actor}, ${row.at}, ${row.runId}, ${row.payload}, ${row.prevHash}, ${row.hash})
      RETURNING 1
    ), head AS (
      UPDATE "Incident" SET "headHash" = ${row.hash} WHERE "id" = ${row.incidentId} RETURNING 1
    ), who AS (
      INSERT INTO "IncidentParticipant" ("incidentId", "actor", "firstAt", "lastAt", "events")
      SELECT ${row.incidentId}, ${row.actor}, ${row.at}, ${row.at}, 1 WHERE ${counted}
      ON CONFLICT ("incidentId", "actor") DO UPDATE SET "lastAt" = excluded."lastAt", "events" = "IncidentParticipant"."events" + 1
      RETURNING 1
    )
    SELECT pg_notify(${TIMELINE_CHANNEL}, ${notice}) FROM ev, head`;
}

/** A timeline row as written: the hashed fields, its id and its place in the chain. */
type EventRow = HashedFields & { id: string; prevHash: string; hash: string };

/** Which database a client or transaction talks to (Prisma's own name for it). */
export function dialectOf(db: Tx): string {
  return (db as unknown as { _activeProvider?: string })._activeProvider ?? "unknown";
}

/**
 * Everyone who acted on the incident, kept in the same transaction as the event that shows it.
 * One statement (Prisma's upsert reads first): the syntax is shared by SQLite and PostgreSQL.
 */
async function countParticipant(tx: Prisma.TransactionClient, incidentId: string, actor: string, at: Date) {
  await tx.$executeRaw`INSERT INTO "IncidentParticipant" ("incidentId", "actor", "firstAt", "lastAt", "events") VALUES (${incidentId}, ${actor}, ${at}, ${at}, 1)
    ON CONFLICT ("incidentId", "actor") DO UPDATE SET "lastAt" = excluded."lastAt", "events" = "IncidentParticipant"."events" + 1`;
}
