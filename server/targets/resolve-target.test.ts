import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../generated/prisma/client";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { targetViews } from "./resolve-target";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
  const common = { kind: "docker", user: "", host: "", knownHosts: "", createdBy: "t" };
  await env.prisma.target.create({ data: { ...common, name: "db-2", container: "pg2" } });
  await env.prisma.target.create({ data: { ...common, name: "cache", container: "redis" } });
});
afterAll(() => env.cleanup());

describe("where each command of the page would run", () => {
  it("looks each target pattern up once, and says why one cannot be known", async () => {
    let lookups = 0;
    // The real database answers; the wrapper only counts the lookups.
    const db = {
      target: {
        findUnique: (args: Parameters<PrismaClient["target"]["findUnique"]>[0]) => {
          lookups++;
          return env.prisma.target.findUnique(args);
        },
      },
    } as unknown as PrismaClient;
    const runnables = [
      { id: "a", target: "db-${SHARD}" },
      { id: "b", target: "db-${SHARD}" },
      { id: "c", target: null },
      { id: "d", target: "cache" },
      { id: "e", target: "cache" },
      { id: "f", target: "web-${ZONE}" },
    ];
    const views = await targetViews(db, runnables, [{ name: "SHARD", value: "2", secret: false }]);
    expect(views).toEqual({
      a: { name: "db-2", where: expect.any(String) },
      b: { name: "db-2", where: expect.any(String) },
      d: { name: "cache", where: expect.any(String) },
      e: { name: "cache", where: expect.any(String) },
      f: { problem: "This command runs on target web-${ZONE}: set $ZONE first (it names the target)." },
    });
    expect(lookups).toBe(2);
  });
});
