// `npm run db:migrate`: applies pending migrations to the configured database and exits.
import { config } from "../server/config";
import { migrateConfigured } from "../server/db/migrate-database";

try {
  const applied = await migrateConfigured(config());
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (err) {
  console.error(`Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
