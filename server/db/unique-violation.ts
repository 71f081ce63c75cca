/**
 * Prisma's error for a write refused by a unique index or primary key (P2002), from either
 * generated client (SQLite or PostgreSQL), whose error classes are not the same import.
 */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "P2002";
}
