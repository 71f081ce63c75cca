import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations } from "./migrate";
import { sqliteAdapter } from "./sqlite-adapter";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

/** Creates the SQLite file when missing and brings it to the latest migration. */
export async function migrateDatabase(databaseFile: string): Promise<string[]> {
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  return applyMigrations(sqliteAdapter(databaseFile), MIGRATIONS_DIR);
}
