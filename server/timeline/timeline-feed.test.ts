import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createPrisma } from "../db";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { createIncident } from "../incidents/create-incident";
import { parseContent } from "../runbooks/catalog";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { testUser } from "../testing/test-user";
import { waitFor } from "../testing/wait-for";
import { createCaller } from "../trpc/root";
import { appendEvent } from "./append-event";
import { feedOf, type PostgresFeed } from "./timeline-feed";

let env: TempEnv;
let incidentId: string;

beforeAll(async () => {
  env = await tempEnv();
  const content = "# F\n## S\n```bash\necho hi\n```\n";
  incidentId = (await createIncident(env.prisma, { slug: "f", file: "f.md", content, ...(await parseContent(content)) }, "ann")).id;
});
afterAll(() => env.cleanup());

const note = (db: PrismaClient | Prisma.TransactionClient, text: string) =>
  appendEvent(db, { incidentId, actor: "ann", body: { type: "note.added", payload: { text } } });

describe("timeline notices", () => {
  it("go out when the append commits, never for one rolled back", async () => {
    const seen: (number | null)[] = [];
    const watch = feedOf(env.prisma).watch(incidentId, (seq) => seen.push(seq));
    await watch.ready;
    try {
      let inside = 0;
      await env.prisma
        .$transaction(async (tx) => {
          inside = (await note(tx, "rolled back")).seq;
          // Still inside the transaction: nobody has been told.
          await new Promise((r) => setTimeout(r, 50));
          expect(seen).toEqual([]);
          throw new Error("roll back");
        })
        .catch((err: Error) => expect(err.message).toBe("roll back"));
      const committed = await env.prisma.$transaction(async (tx) => note(tx, "committed"));
      expect(committed.seq).toBe(inside);
      await waitFor(() => seen.length > 0, "the committed append's notice");
      expect(seen).toEqual([committed.seq]);
      const outside = await note(env.prisma, "own transaction");
      await waitFor(() => seen.length > 1, "the next notice");
      expect(seen).toEqual([committed.seq, outside.seq]);
    } finally {
      watch.stop();
    }
  });

  // Several instances share a database only on PostgreSQL.
  it.runIf(process.env.RUNLOG_TEST_DATABASE === "postgres")(
    "reach another instance's watchers, and a listener that reconnects misses nothing",
    async () => {
      const other = createPrisma(env.cfg);
      try {
        const feed = feedOf(other) as PostgresFeed;
        const heard: (number | null)[] = [];
        const watch = feed.watch(incidentId, (seq) => heard.push(seq));
        await watch.ready;
        const first = await note(env.prisma, "from instance A");
        await waitFor(() => heard.includes(first.seq), "instance B hearing A's append");

        // Instance B's subscription (its own client) sees A's appends live.
        const stream = await createCaller({ db: other, cfg: env.cfg, user: testUser("viewer", "vic") }).incidents.events({
          id: incidentId,
          afterSeq: first.seq,
        });
        const got: number[] = [];
        const reading = (async () => {
          for await (const [, data] of stream as AsyncIterable<[string, { seq: number }]>) {
            got.push(data.seq);
            if (got.length === 4) break;
          }
        })();
        const second = await note(env.prisma, "live on B");
        await waitFor(() => got.includes(second.seq), "B's subscriber receiving A's event");

        // The listener's connection is cut: every watcher is told to look again once it is back,
        // and what was appended meanwhile arrives in order.
        const pid = await feed.listenerPid();
        const admin = new pg.Client({ connectionString: env.cfg.databaseUrl! });
        await admin.connect();
        await admin.query("SELECT pg_terminate_backend($1)", [pid]);
        await admin.end();
        const during = [await note(env.prisma, "while B's listener is down"), await note(env.prisma, "still down")];
        await waitFor(() => heard.includes(null), "the resync notice after the reconnect");
        const after = await note(env.prisma, "after the reconnect");
        await reading;
        expect(got).toEqual([second.seq, during[0]!.seq, during[1]!.seq, after.seq]);
        expect(await feed.listenerPid()).not.toBe(pid);
        watch.stop();
      } finally {
        await feedOf(other).close();
        await other.$disconnect();
      }
    },
  );
});
