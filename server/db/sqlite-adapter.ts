import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import type Database from "better-sqlite3";

/** The driver adapter for Runlog's embedded SQLite database file. */
export function sqliteAdapter(file: string): PrismaBetterSqlite3 {
  // A busy timeout lets the app and the CLI write the same file without "database is locked".
  return new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 });
}

/**
 * The adapter the app's client uses: `SELECT pg_notify(channel, payload)` works as on PostgreSQL.
 * Inside a transaction the notice is held until it commits (and dropped when it rolls back);
 * outside one it goes out once the statement is done.
 */
export function notifyingSqliteAdapter(file: string, deliver: (channel: string, payload: string) => void): SqlDriverAdapterFactory {
  const inner = sqliteAdapter(file);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      return withNotify(adapter, connectionOf(adapter), deliver);
    },
  };
}

function connectionOf(adapter: SqlDriverAdapter): Database.Database {
  // The better-sqlite3 connection the adapter wraps (a public field of its class).
  const client = (adapter as unknown as { client?: Database.Database }).client;
  if (!client || typeof client.function !== "function")
    throw new Error("@prisma/adapter-better-sqlite3 changed: its connection is not reachable to register pg_notify.");
  return client;
}

function withNotify(
  adapter: SqlDriverAdapter,
  connection: Database.Database,
  deliver: (channel: string, payload: string) => void,
): SqlDriverAdapter {
  // The adapter runs one transaction at a time on its connection: one list of held notices.
  let held: [string, string][] = [];
  connection.function("pg_notify", { deterministic: false }, (channel: unknown, payload: unknown) => {
    const notice: [string, string] = [String(channel), String(payload)];
    if (connection.inTransaction) held.push(notice);
    else queueMicrotask(() => deliver(...notice));
    return null;
  });
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const tx: Transaction = await startTransaction(isolationLevel);
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    // Prisma has run COMMIT (or ROLLBACK) when it calls these.
    tx.commit = async () => {
      const out = held;
      held = [];
      await commit();
      for (const n of out) deliver(...n);
    };
    tx.rollback = async () => {
      held = [];
      await rollback();
    };
    return tx;
  };
  return adapter;
}
