import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { appendEvent, dialectOf } from "./append-event";
import { readEvents } from "./read-events";
import { verifyChain } from "./verify-chain";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
  await env.prisma.incident.create({
    data: { id: "inc_timeline0001", title: "t", runbookSlug: "x", runbookSha256: "0", runbookContent: "", severity: "low", openedBy: "a" },
  });
});
afterAll(() => env.cleanup());

describe("appendEvent", () => {
  it("gives concurrent writers dense, unique sequence numbers", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendEvent(env.prisma, {
          incidentId: "inc_timeline0001",
          actor: `user${i}`,
          body: { type: "incident.opened", payload: { title: "t", runbookSlug: "x", runbookSha256: "0" } },
        }),
      ),
    );
    const events = await readEvents(env.prisma, "inc_timeline0001");
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Each one chained to the one before it, concurrency notwithstanding.
    expect(await verifyChain(env.prisma, "inc_timeline0001")).toMatchObject({ ok: true, events: 20 });
  });

  it("rejects a payload that does not match its event type", async () => {
    await expect(
      appendEvent(env.prisma, {
        incidentId: "inc_timeline0001",
        actor: "a",
        // @ts-expect-error: deliberately wrong payload
        body: { type: "command.finished", payload: { commandId: "x" } },
      }),
    ).rejects.toThrow();
  });

  it("keeps the head on the incident (the next append links to it), and reads the event when the head is not known", async () => {
    const dialect = await env.prisma.$transaction(async (tx) => dialectOf(tx));
    // The single-statement write is PostgreSQL's: the transaction must say which database it is.
    expect(dialect).toBe(env.cfg.databaseUrl ? "postgresql" : "sqlite");
    const a = await appendEvent(env.prisma, {
      incidentId: "inc_timeline0001",
      actor: "a",
      body: { type: "note.added", payload: { text: "one" } },
    });
    const head = await env.prisma.timelineEvent.findUniqueOrThrow({ where: { id: a.id }, select: { hash: true } });
    expect((await env.prisma.incident.findUniqueOrThrow({ where: { id: "inc_timeline0001" } })).headHash).toBe(head.hash);
    await env.prisma.incident.update({ where: { id: "inc_timeline0001" }, data: { headHash: "" } });
    await appendEvent(env.prisma, { incidentId: "inc_timeline0001", actor: "b", body: { type: "note.added", payload: { text: "two" } } });
    expect(await verifyChain(env.prisma, "inc_timeline0001")).toMatchObject({ ok: true });
    const participants = await env.prisma.incidentParticipant.findMany({
      where: { incidentId: "inc_timeline0001", actor: { in: ["a", "b"] } },
    });
    expect(participants.map((p) => [p.actor, p.events >= 1])).toEqual(
      expect.arrayContaining([
        ["a", true],
        ["b", true],
      ]),
    );
  });
});
