import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { z } from "zod";
import { SYSTEM_ACTOR, ZTimelineEventBody, type TimelineEventBody } from "../shared/timeline";
import { anchorSoon } from "./chain-anchor";
import { eventHash } from "./event-hash";
import { notifyAppended } from "./timeline-feed";
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
  // Watchers hear of it when the caller's transaction commits; the head is anchored once it has.
  await notifyAppended(tx, input.incidentId, row.seq);
  anchorSoon(input.incidentId, row.seq);
  return row;
}

async function write(tx: Prisma.TransactionClient, input: AppendInput, body: TimelineEventBody) {
  const { nextEventSeq } = await tx.incident.update({
    where: { id: input.incidentId },
    data: { nextEventSeq: { increment: 1 } },
    select: { nextEventSeq: true },
  });
  const seq = nextEventSeq - 1;
  // The row lock taken by the increment above orders appends: the previous event is final.
  const prev =
    seq === 0
      ? null
      : await tx.timelineEvent.findUnique({
          where: { incidentId_seq: { incidentId: input.incidentId, seq: seq - 1 } },
          select: { hash: true },
        });
  const prevHash = prev?.hash ?? "";
  const fields = {
    incidentId: input.incidentId,
    seq,
    type: body.type,
    actor: input.actor,
    at: input.at ?? new Date(),
    runId: input.runId ?? null,
    payload: JSON.stringify(body.payload),
  };
  const row = await tx.timelineEvent.create({
    data: { id: `evt_${randomUUID().replaceAll("-", "")}`, ...fields, prevHash, hash: eventHash(prevHash, fields) },
    select: { id: true, seq: true },
  });
  if (input.actor !== SYSTEM_ACTOR) await countParticipant(tx, input.incidentId, input.actor, fields.at);
  await queueNotifications(tx, { incidentId: input.incidentId, actor: input.actor, at: fields.at, body });
  return row;
}

/**
 * Everyone who acted on the incident, kept in the same transaction as the event that shows it.
 * One statement (Prisma's upsert reads first): the syntax is shared by SQLite and PostgreSQL.
 */
async function countParticipant(tx: Prisma.TransactionClient, incidentId: string, actor: string, at: Date) {
  await tx.$executeRaw`INSERT INTO "IncidentParticipant" ("incidentId", "actor", "firstAt", "lastAt", "events") VALUES (${incidentId}, ${actor}, ${at}, ${at}, 1)
    ON CONFLICT ("incidentId", "actor") DO UPDATE SET "lastAt" = excluded."lastAt", "events" = "IncidentParticipant"."events" + 1`;
}
