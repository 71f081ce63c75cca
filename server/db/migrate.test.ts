import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError } from "./migrate";
import { MIGRATIONS_DIR } from "./migrate-database";
import { sqliteAdapter } from "./sqlite-adapter";

let dir: string;
let migrations: string;
let dbFile: string;

async function addMigration(name: string, sql: string) {
  await mkdir(path.join(migrations, name), { recursive: true });
  await writeFile(path.join(migrations, name, "migration.sql"), sql);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-migrate-"));
  migrations = path.join(dir, "migrations");
  dbFile = path.join(dir, "test.db");
  await mkdir(migrations);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("applyMigrations", () => {
  it("applies pending migrations once, in order, recording them as Prisma does", async () => {
    await addMigration("20260101000000_one", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);');
    await addMigration("20260102000000_two", 'ALTER TABLE "A" ADD COLUMN "name" TEXT;\nCREATE TABLE "B" ("id" INTEGER);');
    expect(await applyMigrations(sqliteAdapter(dbFile), migrations)).toEqual(["20260101000000_one", "20260102000000_two"]);
    expect(await applyMigrations(sqliteAdapter(dbFile), migrations)).toEqual([]);
    const db = new Database(dbFile);
    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name').all() as {
      migration_name: string;
      checksum: string;
      finished_at: string;
    }[];
    db.close();
    expect(rows.map((r) => r.migration_name)).toEqual(["20260101000000_one", "20260102000000_two"]);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.finished_at).toBeTruthy();
  });

  it("refuses to run when an applied migration was edited", async () => {
    await addMigration("20260101000000_one", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);');
    await applyMigrations(sqliteAdapter(dbFile), migrations);
    await addMigration("20260101000000_one", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY, "x" TEXT);');
    await expect(applyMigrations(sqliteAdapter(dbFile), migrations)).rejects.toThrow(/edited after it was applied/);
  });

  it("rolls back a failing migration entirely and records nothing", async () => {
    await addMigration("20260101000000_bad", 'CREATE TABLE "A" ("id" INTEGER);\nINSERT INTO "Nope" VALUES (1);');
    const err = await applyMigrations(sqliteAdapter(dbFile), migrations).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/20260101000000_bad failed and was rolled back/);
    const db = new Database(dbFile);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='A'").all();
    db.close();
    expect(tables).toEqual([]);
  });

  it("rejects badly named migration folders", async () => {
    await addMigration("init", "SELECT 1;");
    await expect(applyMigrations(sqliteAdapter(dbFile), migrations)).rejects.toThrow(/not named/);
  });

  it("brings a new database to the project's schema", async () => {
    await applyMigrations(sqliteAdapter(dbFile), MIGRATIONS_DIR);
    const db = new Database(dbFile);
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map(
      (r) => r.name,
    );
    db.close();
    expect(names).toEqual(expect.arrayContaining(["Incident", "Run", "TimelineEvent", "_prisma_migrations"]));
  });
});
