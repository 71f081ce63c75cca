import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { createAuth } from "./auth";
import { createFirstAdmin, FIRST_ADMIN_CLAIM_ID, issueSetupToken, SETUP_TTL_MS, setupState } from "./first-admin";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

const admin = (token: string, email = "first@example.com") => ({ token, email, password: "correct horse battery" });

describe("the first start's setup link", () => {
  it("works once, only before any account exists, and only within its 30 minutes", async () => {
    const t0 = new Date();
    const expired = (await issueSetupToken(env.prisma, new Date(t0.getTime() - SETUP_TTL_MS - 1000)))!;
    const token = (await issueSetupToken(env.prisma, t0))!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // No token is kept in clear.
    expect(await env.prisma.verification.count({ where: { value: token } })).toBe(0);

    expect(await setupState(env.prisma, token)).toBe("open");
    expect(await setupState(env.prisma, expired)).toBe("invalid");
    expect(await setupState(env.prisma, "not-a-token")).toBe("invalid");
    await expect(createFirstAdmin(env.prisma, env.cfg, admin(expired))).rejects.toThrow(/expired or was used/);
    await expect(createFirstAdmin(env.prisma, env.cfg, admin("guess"))).rejects.toThrow(/expired or was used/);

    expect(await createFirstAdmin(env.prisma, env.cfg, admin(token))).toEqual({ email: "first@example.com" });
    const user = await env.prisma.user.findUniqueOrThrow({ where: { email: "first@example.com" } });
    expect(user).toMatchObject({ role: "admin", mustChangePassword: false });
    // The chosen password signs in.
    const auth = createAuth(env.prisma, env.cfg);
    const signedIn = await auth.api.signInEmail({ body: { email: "first@example.com", password: "correct horse battery" } });
    expect(signedIn.user.email).toBe("first@example.com");

    // Used up, and the installation is set up now: every link is refused, a new start prints none.
    expect(await setupState(env.prisma, token)).toBe("done");
    await expect(createFirstAdmin(env.prisma, env.cfg, admin(token, "second@example.com"))).rejects.toThrow(/set up already/);
    expect(await issueSetupToken(env.prisma)).toBeNull();
    expect(await env.prisma.user.count()).toBe(1);
  });
});

describe("two instances' setup links", () => {
  let env2: TempEnv;
  beforeAll(async () => {
    env2 = await tempEnv();
  });
  afterAll(() => env2.cleanup());

  it("used at the same moment create one admin, and the other is told why", async () => {
    // Each instance of a cluster prints its own link at start.
    const a = (await issueSetupToken(env2.prisma))!;
    const b = (await issueSetupToken(env2.prisma))!;
    const results = await Promise.allSettled([
      createFirstAdmin(env2.prisma, env2.cfg, admin(a, "ann@example.com")),
      createFirstAdmin(env2.prisma, env2.cfg, admin(b, "bob@example.com")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(String(refused?.reason)).toMatch(/Another setup link is being used|set up already/);
    expect(await env2.prisma.user.count()).toBe(1);
    // Neither the links nor the claim outlive the first account.
    expect(await env2.prisma.verification.count()).toBe(0);
  });

  it("a failed attempt leaves the other link usable", async () => {
    const env3 = await tempEnv();
    try {
      const a = (await issueSetupToken(env3.prisma))!;
      const b = (await issueSetupToken(env3.prisma))!;
      await expect(createFirstAdmin(env3.prisma, env3.cfg, { ...admin(a), email: "not an email" })).rejects.toThrow();
      expect(await createFirstAdmin(env3.prisma, env3.cfg, admin(b, "bob@example.com"))).toEqual({ email: "bob@example.com" });
    } finally {
      await env3.cleanup();
    }
  });

  it("refuses a link while another is being used, and that link stays good; a claim left by a crash expires", async () => {
    const env4 = await tempEnv();
    try {
      const token = (await issueSetupToken(env4.prisma))!;
      const claim = (expiresAt: Date) =>
        env4.prisma.verification.create({
          data: {
            id: FIRST_ADMIN_CLAIM_ID,
            identifier: "held by another instance",
            value: "claim",
            expiresAt,
            createdAt: new Date(),
            updatedAt: new Date(),
          },
        });
      // Another instance's link is being used at this moment.
      await claim(new Date(Date.now() + 60_000));
      await expect(createFirstAdmin(env4.prisma, env4.cfg, admin(token))).rejects.toThrow(/Another setup link is being used/);
      expect(await setupState(env4.prisma, token)).toBe("open");
      // That attempt died without releasing its claim: once the claim expires, the link works.
      await env4.prisma.verification.update({ where: { id: FIRST_ADMIN_CLAIM_ID }, data: { expiresAt: new Date(Date.now() - 1) } });
      expect(await createFirstAdmin(env4.prisma, env4.cfg, admin(token))).toEqual({ email: "first@example.com" });
      expect(await env4.prisma.verification.count()).toBe(0);
    } finally {
      await env4.cleanup();
    }
  });
});
