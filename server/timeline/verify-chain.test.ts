import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBox } from "../secrets/secret-box";
import { verifyCommand } from "../cli/verify-command";
import { createIncident } from "../incidents/create-incident";
import { setVariable } from "../incidents/set-variable";
import { parseContent } from "../runbooks/catalog";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { sealLegacyEvents } from "./seal-legacy-events";
import type { TimelineEvent as TimelineRow } from "../generated/prisma/client";
import { anchorFile, flushAnchors, readAnchors } from "./chain-anchor";
import { eventHash, unkeyedEventHash } from "./event-hash";
import { verifyChain } from "./verify-chain";

let env: TempEnv;
const content = "# V\n## S\n```bash\necho $X\n```\n";

async function incidentWithEvents(n: number): Promise<string> {
  const id = (await createIncident(env.prisma, { slug: "v", file: "v.md", content, ...(await parseContent(content)) }, "ann")).id;
  for (let i = 1; i < n; i++)
    await setVariable(env.prisma, "ann", { incidentId: id, name: "X", value: String(i), secret: false }, secretBox(env.cfg));
  return id;
}

beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

/** What someone with write access to the database does: change an event, then recompute the chain after it. */
async function rewriteFrom(id: string, from: number, hash: (prev: string, row: TimelineRow) => string) {
  await flushAnchors();
  await env.prisma
    .$executeRaw`UPDATE "TimelineEvent" SET "payload" = '{"name":"X","secret":false,"value":"tampered"}' WHERE "incidentId" = ${id} AND "seq" = ${from}`;
  const rows = await env.prisma.timelineEvent.findMany({ where: { incidentId: id }, orderBy: { seq: "asc" } });
  let prev = rows[from - 1]!.hash;
  for (const row of rows.slice(from)) {
    const h = hash(prev, { ...row, prevHash: prev });
    await env.prisma.$executeRaw`UPDATE "TimelineEvent" SET "prevHash" = ${prev}, "hash" = ${h} WHERE "id" = ${row.id}`;
    prev = h;
  }
}

function cli(id: string) {
  const out: string[] = [];
  return verifyCommand(id, { out: (t) => out.push(t), err: (t) => out.push(t) }, env.cliEnv).then((code) => ({
    code,
    out: out.join("\n"),
  }));
}

describe("the timeline hash chain", () => {
  it("is intact as the app writes it, and verify prints the head", async () => {
    const id = await incidentWithEvents(5);
    const verdict = await verifyChain(env.prisma, id);
    expect(verdict).toMatchObject({ ok: true, events: 5, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const { code, out } = await cli(id);
    expect(code).toBe(0);
    expect(out).toMatch(
      new RegExp(`^${id}: timeline intact, 5 events, head ${verdict.ok ? verdict.head : ""}; \\d+ heads anchored outside the database`),
    );
  });

  it("breaks at the first event edited directly in the database", async () => {
    const id = await incidentWithEvents(5);
    await env.prisma
      .$executeRaw`UPDATE "TimelineEvent" SET "payload" = '{"name":"X","secret":false,"value":"tampered"}' WHERE "incidentId" = ${id} AND "seq" = 2`;
    expect(await verifyChain(env.prisma, id)).toEqual({ ok: false, events: 5, brokenAt: 2, reason: "its content does not match its hash" });
    expect(await cli(id)).toEqual({ code: 1, out: `${id}: timeline BROKEN at event 2: its content does not match its hash` });
  });

  it("breaks where an event was deleted, or re-hashed to hide an edit", async () => {
    const gone = await incidentWithEvents(4);
    await env.prisma.$executeRaw`DELETE FROM "TimelineEvent" WHERE "incidentId" = ${gone} AND "seq" = 1`;
    expect(await verifyChain(env.prisma, gone)).toMatchObject({ ok: false, brokenAt: 1, reason: "event 1 is missing" });
    const rehashed = await incidentWithEvents(4);
    await env.prisma.$executeRaw`UPDATE "TimelineEvent" SET "hash" = 'f00' WHERE "incidentId" = ${rehashed} AND "seq" = 1`;
    expect(await verifyChain(env.prisma, rehashed)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("seals events written before the chain existed, once", async () => {
    const id = await incidentWithEvents(3);
    await env.prisma.$executeRaw`UPDATE "TimelineEvent" SET "hash" = '', "prevHash" = '' WHERE "incidentId" = ${id}`;
    // Legacy events had no anchored heads either: the links alone are checked (else whether the
    // heads appended a moment ago were flushed yet would decide the outcome).
    expect((await verifyChain(env.prisma, id, [])).ok).toBe(false);
    expect(await sealLegacyEvents(env.prisma)).toBe(3);
    expect(await verifyChain(env.prisma, id, [])).toMatchObject({ ok: true, events: 3 });
    expect(await sealLegacyEvents(env.prisma)).toBe(0);
  });

  it("is keyed: an edit re-chained with plain sha256 (what anyone could compute) fails verify", async () => {
    const id = await incidentWithEvents(4);
    await rewriteFrom(id, 2, unkeyedEventHash);
    expect(await verifyChain(env.prisma, id)).toMatchObject({ ok: false, brokenAt: 2, reason: "its content does not match its hash" });
    expect((await cli(id)).code).toBe(1);
  });

  it("is anchored outside the database: an edit re-chained even with the key fails verify", async () => {
    const id = await incidentWithEvents(4);
    await rewriteFrom(id, 2, (prev, row) => eventHash(prev, row));
    // It breaks at the first anchored head at or after the edit: which heads were anchored (each
    // append's, or only the last of a quick burst) depends on how fast the appends came.
    const firstAnchoredAfterEdit = readAnchors(anchorFile(env.cfg.dataDir), id).find((a) => a.seq >= 2)!.seq;
    expect(await cli(id)).toMatchObject({
      code: 1,
      out: expect.stringMatching(
        new RegExp(`^${id}: timeline BROKEN at event ${firstAnchoredAfterEdit}: it is not the event anchored at .* outside the database`),
      ),
    });
    // Removing the last events (and the anchored head with them) shows too.
    const cut = await incidentWithEvents(4);
    await flushAnchors();
    await env.prisma.$executeRaw`DELETE FROM "TimelineEvent" WHERE "incidentId" = ${cut} AND "seq" = 3`;
    expect(await cli(cut)).toMatchObject({ code: 1, out: expect.stringContaining("events up to 3 were anchored") });
  });

  it("says clearly when the incident does not exist", async () => {
    await expect(cli("inc_doesnotexist0")).rejects.toThrow(/no incident inc_doesnotexist0/);
  });
});
