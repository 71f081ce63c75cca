import { chmod, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { createPrisma } from "../db";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { postgresInstalled, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { appendEvent } from "../timeline/append-event";
import { flushAnchors } from "../timeline/chain-anchor";
import { verifyChain } from "../timeline/verify-chain";
import { migrateConfigured } from "./migrate-database";
import { applyPostgresMigrations } from "./migrate-postgres";
import { POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA_PATH, postgresSchema, schemaStamp } from "./postgres-schema";
import { readMigrationFiles } from "./migrate";
import { Prisma } from "../generated/prisma/client";
import { COPY_ORDER } from "./copy-database";
import { dbCommand } from "../cli/db-command";
import { setVariable } from "../incidents/set-variable";
import { secretBox } from "../secrets/secret-box";
import { createToken } from "../auth/api-tokens";

// Against a real PostgreSQL (Debian's, started here): the generated schema is current, the
// migrations apply once even when two instances start together, and the known traps hold.

let dir: string;
let pg: PostgresCluster;
const run = postgresInstalled() ? describe : describe.skip;

beforeAll(async () => {
  if (!postgresInstalled()) return;
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-pg-test-"));
  await chmod(dir, 0o711);
  pg = await startPostgresCluster(path.join(dir, "pg"));
}, 60_000);
afterAll(async () => {
  await flushAnchors();
  pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the PostgreSQL schema", () => {
  it("is generated from the one source schema, and its migrations reach exactly it", async () => {
    const generated = postgresSchema(await readFile("prisma/schema.prisma", "utf8"));
    expect(await readFile(POSTGRES_SCHEMA_PATH, "utf8"), "run npm run db:migration -- <name>").toBe(generated);
    const last = (await readMigrationFiles(POSTGRES_MIGRATIONS_DIR)).at(-1)!;
    expect(last.sql.split("\n")[0], "the last PostgreSQL migration was written for another schema: npm run db:migration").toBe(
      schemaStamp(generated),
    );
  });
});

run("on PostgreSQL", () => {
  it("migrates once when two instances start together, and refuses an edited migration", async () => {
    const url = pg.createDatabase("racing");
    const [a, b] = await Promise.all([
      applyPostgresMigrations(url, POSTGRES_MIGRATIONS_DIR),
      applyPostgresMigrations(url, POSTGRES_MIGRATIONS_DIR),
    ]);
    expect([...a, ...b]).toEqual((await readMigrationFiles(POSTGRES_MIGRATIONS_DIR)).map((m) => m.name));
    expect(pg.psql("racing", 'SELECT count(*) FROM "_prisma_migrations"').trim()).toBe(String(a.length + b.length));
    const edited = path.join(dir, "edited");
    await cp(POSTGRES_MIGRATIONS_DIR, edited, { recursive: true });
    const first = (await readMigrationFiles(edited))[0]!;
    await writeFile(path.join(edited, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);
    await expect(applyPostgresMigrations(url, edited)).rejects.toThrow("was edited after it was applied");
  });

  it("runs the app's writes and reads: incident, hash-chained timeline, UTC timestamps whatever the TimeZone, dense sequence numbers under concurrent appends", async () => {
    const url = pg.createDatabase("app");
    // A server whose sessions run in New York time: instants must not shift.
    const cfg = readConfig({ RUNLOG_DATA_DIR: path.join(dir, "data"), DATABASE_URL: `${url}?options=-c%20TimeZone%3DAmerica%2FNew_York` });
    expect(await migrateConfigured(cfg)).not.toEqual([]);
    const db = createPrisma(cfg);
    try {
      await writeFile(path.join(dir, "t.md"), "# T\n**Severity:** High\n## S\n```bash\nuptime\n```\n");
      const { id } = await createIncident(db, (await loadRunbook(dir, "t"))!, "ann@runlog.test");
      const at = new Date("2026-12-01T03:04:05.678Z");
      for (let i = 0; i < 20; i++)
        await appendEvent(db, {
          incidentId: id,
          actor: "ann@runlog.test",
          at,
          body: { type: "note.added", payload: { text: `n${i} { "b": 1, "a": 2 }` } },
        });
      const verdict = await verifyChain(db, id);
      expect(verdict).toMatchObject({ ok: true, events: 21 });
      const notes = await db.timelineEvent.findMany({ where: { incidentId: id, type: "note.added" }, orderBy: { seq: "asc" } });
      expect(notes[0]!.at.toISOString()).toBe(at.toISOString());
      // The payload is kept as text, byte for byte (jsonb would reorder keys and break the chain).
      expect(notes[0]!.payload).toBe('{"text":"n0 { \\"b\\": 1, \\"a\\": 2 }"}');
      expect(
        pg
          .psql("app", `SELECT data_type FROM information_schema.columns WHERE table_name = 'TimelineEvent' AND column_name = 'payload'`)
          .trim(),
      ).toBe("text");
      expect(
        pg.psql("app", `SELECT data_type FROM information_schema.columns WHERE table_name = 'TimelineEvent' AND column_name = 'at'`).trim(),
      ).toBe("timestamp with time zone");
      // Concurrent appends keep sequence numbers dense (the incident row is the lock).
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          appendEvent(db, { incidentId: id, actor: "bob", body: { type: "note.added", payload: { text: `c${i}` } } }),
        ),
      );
      const seqs = (await db.timelineEvent.findMany({ where: { incidentId: id }, select: { seq: true }, orderBy: { seq: "asc" } })).map(
        (r) => r.seq,
      );
      expect(seqs).toEqual(Array.from({ length: 31 }, (_, i) => i));
      expect(await verifyChain(db, id)).toMatchObject({ ok: true, events: 31 });
    } finally {
      await db.$disconnect();
    }
  }, 60_000);

  it("runlog db copy moves a SQLite installation into an empty PostgreSQL database, refuses a non-empty one, and verifies the chains", async () => {
    // Every table the schema has is copied.
    expect(
      Object.values(Prisma.ModelName)
        .map((m) => m[0]!.toLowerCase() + m.slice(1))
        .sort(),
    ).toEqual([...COPY_ORDER].sort());
    const sourceDir = path.join(dir, "sqlite-install");
    const env = { RUNLOG_DATA_DIR: sourceDir };
    const cfg = readConfig(env);
    await migrateConfigured(cfg);
    const source = createPrisma(cfg);
    let incidentId = "";
    try {
      await writeFile(path.join(dir, "c.md"), "# C\n**Severity:** High\n## S\n```bash\nuptime\n```\n");
      incidentId = (await createIncident(source, (await loadRunbook(dir, "c"))!, "ann@runlog.test")).id;
      for (let i = 0; i < 5; i++)
        await appendEvent(source, { incidentId, actor: "ann@runlog.test", body: { type: "note.added", payload: { text: `note ${i} ✓` } } });
      await source.run.create({
        data: {
          id: "run_copytest000001",
          incidentId,
          commandId: "s/x",
          commandText: "uptime",
          startedBy: "ann",
          startedAt: new Date(),
          status: "exited",
          exitCode: 0,
          output: new Uint8Array([0, 27, 91, 255]),
          outputText: "up",
          outputBytes: 4,
        },
      });
      await setVariable(source, "ann", { incidentId, name: "API_TOKEN", value: "sealed-secret-1", secret: true }, secretBox(cfg));
      await createToken(source, { name: "am", scope: "alerts", createdBy: "test" });
    } finally {
      await source.$disconnect();
    }
    const url = pg.createDatabase("copied");
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await dbCommand({ action: "copy", to: url }, io, env)).toBe(0);
    expect(out.at(-1)).toBe("copied; all 1 incidents' hash chains verify on the target. Set DATABASE_URL to it and start Runlog.");
    expect(out).toContain("timelineEvent\t7");
    const target = createPrisma({ ...cfg, databaseUrl: url });
    try {
      expect(Buffer.from((await target.run.findUniqueOrThrow({ where: { id: "run_copytest000001" } })).output!)).toEqual(
        Buffer.from([0, 27, 91, 255]),
      );
      expect(await verifyChain(target, incidentId, [])).toMatchObject({ ok: true, events: 7 });
      expect((await target.incidentVariable.findFirstOrThrow({ where: { incidentId } })).value).not.toContain("sealed-secret-1");
    } finally {
      await target.$disconnect();
    }
    await expect(dbCommand({ action: "copy", to: url }, io, env)).rejects.toThrow("The target database is not empty");
  }, 60_000);
});
