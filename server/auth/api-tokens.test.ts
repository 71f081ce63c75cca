import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenCommand } from "../cli/token-command";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { checkBearer } from "./api-tokens";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

async function token(action: string, rest: string[] = [], scope?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await tokenCommand({ action, rest, scope }, { out: (t) => out.push(t), err: (t) => err.push(t) }, env.cliEnv);
  return { code, out, err };
}

describe("runlog token", () => {
  it("adds a token shown once and stored hashed, lists it, revokes it; the bearer check follows", async () => {
    const added = await token("add", ["alertmanager"]);
    expect(added.code).toBe(0);
    const secret = added.out[0]!;
    expect(secret).toMatch(/^rlt_[A-Za-z0-9_-]{43}$/);
    const row = await env.prisma.apiToken.findUniqueOrThrow({ where: { name: "alertmanager" } });
    expect(row.scope).toBe("alerts");
    expect(row.hash).not.toContain(secret.slice(4));
    expect(JSON.stringify(row)).not.toContain(secret);

    expect(await checkBearer(env.prisma, `Bearer ${secret}`, "alerts")).toEqual({ ok: true, name: "alertmanager" });
    expect(await checkBearer(env.prisma, `Bearer ${secret}`, "export")).toMatchObject({ ok: false, status: 403 });
    expect(await checkBearer(env.prisma, `Basic ${secret}`, "alerts")).toMatchObject({ ok: false, status: 401 });
    expect((await token("list")).out[0]).toMatch(/^alertmanager\talerts\tcreated \S+\tlast used \S+$/);

    await expect(token("add", ["alertmanager"])).rejects.toThrow("exists already");
    await expect(token("add", ["bad name!"])).rejects.toThrow("A token name is");
    await expect(token("add", ["x"], "root")).rejects.toThrow("--scope is one of alerts, export");

    expect((await token("revoke", ["alertmanager"])).code).toBe(0);
    expect(await checkBearer(env.prisma, `Bearer ${secret}`, "alerts")).toMatchObject({ ok: false, status: 401 });
    expect((await token("list")).out[0]).toContain("REVOKED");
    await expect(token("revoke", ["alertmanager"])).rejects.toThrow("No token named alertmanager");
  });
});
