import type { PrismaClient } from "../generated/prisma/client";

// Five wrong passwords within fifteen minutes lock the account for fifteen minutes.
export const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

/** When the account's lock ends, or null when it may try. */
export async function lockedUntil(db: PrismaClient, email: string, now = new Date()): Promise<Date | null> {
  const row = await db.signInThrottle.findUnique({ where: { email: email.toLowerCase() } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

export async function recordFailure(db: PrismaClient, email: string, now = new Date()): Promise<void> {
  const key = email.toLowerCase();
  await db.$transaction(async (tx) => {
    // The row exists, then the increment locks it: failures racing on two instances each count
    // (a read-then-write would let both read 4 and write 5, or lose one).
    await tx.$executeRaw`INSERT INTO "SignInThrottle" ("email", "failures", "firstFailAt") VALUES (${key}, 0, ${now}) ON CONFLICT ("email") DO NOTHING`;
    const row = await tx.signInThrottle.update({ where: { email: key }, data: { failures: { increment: 1 } } });
    const fresh = now.getTime() - row.firstFailAt.getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures;
    await tx.signInThrottle.update({
      where: { email: key },
      data: {
        failures,
        firstFailAt: fresh ? now : row.firstFailAt,
        lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null,
      },
    });
  });
}

export async function clearFailures(db: PrismaClient, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email: email.toLowerCase() } });
}

export function lockMessage(until: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-ins for this account. It is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}; an admin can unlock it sooner (runlog user unlock).`;
}
