import type { PrismaClient } from "../generated/prisma/client";

// Account management shared by the CLI (`runlog user …`, on the server) and the admins' API.

export function findAccount(db: PrismaClient, email: string) {
  return db.user.findUnique({ where: { email: email.toLowerCase() } });
}

export function listAccounts(db: PrismaClient) {
  return db.user.findMany({
    orderBy: { email: "asc" },
    select: { email: true, name: true, role: true, banned: true, mustChangePassword: true, createdAt: true },
  });
}

/** Disabled and signed out everywhere at once: sessions live in the database. */
export async function disableAccount(db: PrismaClient, userId: string, reason: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { banned: true, banReason: reason } }),
    db.session.deleteMany({ where: { userId } }),
  ]);
}
