import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "../db";
import type { PrismaClient } from "../generated/prisma/client";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { lockedUntil, MAX_FAILURES, recordFailure } from "./sign-in-throttle";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

describe("the sign-in lock-out", () => {
  it("counts failures within the window and starts again after it", async () => {
    const t0 = new Date("2026-12-01T03:00:00Z");
    for (let i = 0; i < MAX_FAILURES - 1; i++) await recordFailure(env.prisma, "Win@Example.com", new Date(t0.getTime() + i * 1000));
    expect(await lockedUntil(env.prisma, "win@example.com", t0)).toBeNull();
    // Sixteen minutes on: the old failures are out of the window, this one counts as the first.
    await recordFailure(env.prisma, "win@example.com", new Date(t0.getTime() + 16 * 60_000));
    expect((await env.prisma.signInThrottle.findUniqueOrThrow({ where: { email: "win@example.com" } })).failures).toBe(1);
  });

  // Several instances share a database only on PostgreSQL; SQLite's writes are serial.
  it.runIf(process.env.RUNLOG_TEST_DATABASE === "postgres")(
    "locks the account when the failures come to two instances at once",
    async () => {
      const clients: PrismaClient[] = [env.prisma, createPrisma(env.cfg)];
      try {
        const now = new Date();
        await Promise.all(Array.from({ length: MAX_FAILURES }, (_, i) => recordFailure(clients[i % 2]!, "race@example.com", now)));
        const row = await env.prisma.signInThrottle.findUniqueOrThrow({ where: { email: "race@example.com" } });
        expect(row.failures).toBe(MAX_FAILURES);
        expect(await lockedUntil(env.prisma, "race@example.com", now)).not.toBeNull();
      } finally {
        await clients[1]!.$disconnect();
      }
    },
  );
});
