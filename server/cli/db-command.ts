import path from "node:path";
import { readConfig } from "../config";
import { PROJECT_ROOT } from "../project-root";
import { createPrisma } from "../db";
import { copyDatabase } from "../db/copy-database";
import { migrateConfigured } from "../db/migrate-database";
import { applyPostgresMigrations } from "../db/migrate-postgres";
import { POSTGRES_MIGRATIONS_DIR } from "../db/postgres-schema";
import { anchorFile, readAnchors } from "../timeline/chain-anchor";
import { UsageError, type CliIo } from "./io";

/** `runlog db copy --to postgres://…`: this installation's SQLite data into an empty PostgreSQL database. */
export async function dbCommand(
  args: { action: string | undefined; to: string | undefined },
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  if (args.action !== "copy") throw new UsageError("db takes: copy --to postgres://user@host/database");
  if (!args.to || !/^postgres(ql)?:\/\//.test(args.to))
    throw new UsageError("db copy needs --to postgres://user@host/database (an empty database)");
  const cfg = readConfig(env);
  if (cfg.databaseUrl) throw new UsageError("db copy reads the SQLite database under RUNLOG_DATA_DIR: unset DATABASE_URL");
  await migrateConfigured(cfg);
  await applyPostgresMigrations(args.to, path.join(PROJECT_ROOT, POSTGRES_MIGRATIONS_DIR));
  const from = createPrisma(cfg);
  const to = createPrisma({ ...cfg, databaseUrl: args.to });
  try {
    const report = await copyDatabase(from, to, (id) => readAnchors(anchorFile(cfg.dataDir), id)).catch((err: Error) => {
      throw new UsageError(err.message);
    });
    for (const [model, n] of Object.entries(report.rows)) io.out(`${model}\t${n}`);
    if (report.broken.length) {
      io.err(`copied, but the hash chain does not verify on the target for: ${report.broken.join(", ")}`);
      return 1;
    }
    io.err(`copied; all ${report.incidents} incidents' hash chains verify on the target. Set DATABASE_URL to it and start Runlog.`);
    return 0;
  } finally {
    await from.$disconnect();
    await to.$disconnect();
  }
}
