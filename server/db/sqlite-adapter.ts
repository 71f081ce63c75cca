import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

/** The driver adapter for Runlog's embedded SQLite database file. */
export function sqliteAdapter(file: string): PrismaBetterSqlite3 {
  // A busy timeout lets the app and the CLI write the same file without "database is locked".
  return new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 });
}
