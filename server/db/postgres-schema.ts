import { createHash } from "node:crypto";

// The PostgreSQL schema is generated from prisma/schema.prisma (the one source, SQLite's): the
// same models, another provider and client, and timestamps stored with their time zone so that
// a server's TimeZone setting never shifts them.

export const POSTGRES_SCHEMA_PATH = "prisma/postgres/schema.prisma";
export const POSTGRES_MIGRATIONS_DIR = "prisma/postgres/migrations";

export function postgresSchema(sqliteSchema: string): string {
  const out = sqliteSchema
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/output\s+= "..\/server\/generated\/prisma"/, 'output   = "../../server/generated/prisma-pg"')
    // `DateTime` -> `timestamptz(3)`: an instant, whatever the session's TimeZone.
    .replace(/^(\s+\w+\s+DateTime\??)(.*)$/gm, (_m, field: string, rest: string) => `${field} @db.Timestamptz(3)${rest}`);
  return `// GENERATED from prisma/schema.prisma by \`npm run db:migration\`: edit that file, not this one.\n${out}`;
}

/** The first line of each PostgreSQL migration: the sha256 of the generated schema it leads to. */
export function schemaStamp(schema: string): string {
  return `-- runlog: reaches the schema with sha256 ${createHash("sha256").update(schema).digest("hex")}`;
}
