import { defineConfig } from "prisma/config";

// The CLI is used only for `generate`: migrations are applied by server/db/migrate.ts,
// which needs no native schema engine (see README, "Database").
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
