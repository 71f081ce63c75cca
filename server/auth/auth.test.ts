import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { createAuth, type RunlogAuth } from "./auth";
import { MAX_FAILURES } from "./sign-in-throttle";
import { sessionUser } from "./session";

let env: TempEnv;
let auth: RunlogAuth;
const ORIGIN = "http://127.0.0.1:3000";

beforeAll(async () => {
  env = await tempEnv({ PORT: "3000" });
  auth = createAuth(env.prisma, env.cfg);
});
afterAll(() => env.cleanup());

/** The CLI, as an admin runs it on the server, against the test's data folder. */
async function cli(args: string[], stdin?: string) {
  const out: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => out.push(t), readStdin: async () => stdin ?? "" });
  return { code, out: out.join("\n") };
}

async function signIn(email: string, password: string, ip = "10.0.0.1") {
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-runlog-client-ip": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return {
    status: res.status,
    cookie,
    body: (await res.json().catch(() => null)) as { message?: string } | null,
    setCookie: res.headers.getSetCookie(),
  };
}

describe("accounts and sign-in", () => {
  beforeAll(() => {
    Object.assign(process.env, env.cliEnv);
  });

  it("creates accounts from the CLI: a one-time password that must be replaced, or one from stdin", async () => {
    const dana = await cli(["user", "add", "dana@example.com", "--role", "commander"]);
    expect(dana.code).toBe(0);
    const oneTime = /One-time password: (\S+)/.exec(dana.out)![1]!;
    const signedIn = await signIn("dana@example.com", oneTime);
    expect(signedIn.status).toBe(200);
    // HttpOnly, SameSite=Lax session cookie (Secure only under https).
    expect(signedIn.setCookie.join("\n")).toMatch(/better-auth\.session_token=.*HttpOnly.*SameSite=Lax/i);
    const user = await sessionUser(new Headers({ cookie: signedIn.cookie }), auth);
    expect(user).toMatchObject({ email: "dana@example.com", role: "commander", mustChangePassword: true });

    expect((await cli(["user", "add", "ann@example.com", "--role", "responder", "--password-stdin"], "correct horse battery\n")).code).toBe(
      0,
    );
    expect(
      await sessionUser(new Headers({ cookie: (await signIn("ann@example.com", "correct horse battery")).cookie }), auth),
    ).toMatchObject({ role: "responder", mustChangePassword: false });
    expect((await cli(["user", "add", "ann@example.com", "--role", "viewer"])).out).toMatch(/already has an account/);
    expect((await cli(["user", "add", "not-an-email", "--role", "viewer"])).code).toBe(2);
    expect((await cli(["user", "add", "x@example.com", "--role", "root"])).out).toMatch(
      /a role is one of viewer, responder, commander, admin/,
    );
    // The database keeps a hash, never the password.
    const account = await env.prisma.account.findFirst({ where: { user: { email: "ann@example.com" } } });
    expect(account!.password).not.toContain("correct horse battery");
  });

  it("sees a role change and a disabled account at the next request", async () => {
    await cli(["user", "add", "vic@example.com", "--role", "viewer", "--password-stdin"], "viewer password 1");
    const { cookie } = await signIn("vic@example.com", "viewer password 1");
    expect((await sessionUser(new Headers({ cookie }), auth))!.role).toBe("viewer");
    await cli(["user", "role", "vic@example.com", "responder"]);
    expect((await sessionUser(new Headers({ cookie }), auth))!.role).toBe("responder");
    await cli(["user", "disable", "vic@example.com"]);
    expect(await sessionUser(new Headers({ cookie }), auth)).toBeNull();
    expect((await signIn("vic@example.com", "viewer password 1")).status).not.toBe(200);
  });

  it("locks an account after repeated wrong passwords, with a clear message, until it is unlocked", async () => {
    await cli(["user", "add", "lou@example.com", "--role", "responder", "--password-stdin"], "the right password");
    for (let i = 0; i < MAX_FAILURES; i++) expect((await signIn("lou@example.com", `wrong ${i}`, `10.1.0.${i}`)).status).toBe(401);
    // Even the right password, from anywhere, is refused while locked.
    const locked = await signIn("lou@example.com", "the right password", "10.9.9.9");
    expect(locked.status).toBe(429);
    expect(locked.body!.message).toMatch(/^Too many failed sign-ins for this account\. It is locked for 15 more minutes/);
    // Other accounts are not affected.
    expect((await signIn("ann@example.com", "correct horse battery")).status).toBe(200);
    await cli(["user", "unlock", "lou@example.com"]);
    expect((await signIn("lou@example.com", "the right password")).status).toBe(200);
  });

  it("throttles sign-in attempts per address, and the address is the server's, not a forwarded header", async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await signIn(`nobody${i}@example.com`, "whatever password", "10.2.2.2")).status;
    expect(last).toBe(429);
    expect((await signIn("ann@example.com", "correct horse battery", "10.3.3.3")).status).toBe(200);
  });

  it("clears the one-time flag once the person chooses a password", async () => {
    const pw = "initial password x";
    await cli(["user", "add", "otto@example.com", "--role", "viewer", "--password-stdin"], pw);
    // As if the CLI had printed the password: the flag `user add` sets without --password-stdin.
    await env.prisma.user.update({ where: { email: "otto@example.com" }, data: { mustChangePassword: true } });
    expect((await cli(["user", "list"])).out).toMatch(/otto@example.com .*\(one-time password not changed yet\)/);
    const { cookie } = await signIn("otto@example.com", pw);
    const res = await auth.handler(
      new Request(`${ORIGIN}/api/auth/change-password`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, cookie, "x-runlog-client-ip": "10.5.5.5" },
        body: JSON.stringify({ currentPassword: pw, newPassword: "my own password now", revokeOtherSessions: true }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await env.prisma.user.findUnique({ where: { email: "otto@example.com" } }))!.mustChangePassword).toBe(false);
  });

  it("marks the session cookie Secure when Runlog is served over https", async () => {
    const https = createAuth(env.prisma, {
      ...env.cfg,
      baseUrl: "https://runlog.example.com",
      trustedOrigins: ["https://runlog.example.com"],
    });
    const res = await https.handler(
      new Request("https://runlog.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://runlog.example.com", "x-runlog-client-ip": "10.6.6.6" },
        body: JSON.stringify({ email: "ann@example.com", password: "correct horse battery" }),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join("\n")).toMatch(/session_token=.*;.*Secure/i);
  });
  it("refuses an admin session forged from the database's token without the auth secret", async () => {
    expect((await cli(["user", "add", "root-admin@example.com", "--role", "admin", "--password-stdin"], "admin password 123")).code).toBe(
      0,
    );
    const real = await signIn("root-admin@example.com", "admin password 123", "10.0.0.9");
    expect(real.status).toBe(200);
    // What a command could do if it could read the database: take the token, sign it itself.
    const { token } = (await env.prisma.session.findFirst({
      where: { user: { email: "root-admin@example.com" } },
      select: { token: true },
    }))!;
    const { createHmac } = await import("node:crypto");
    for (const key of ["a guess at the secret", "", "x".repeat(32)]) {
      const signature = createHmac("sha256", key).update(token).digest("base64");
      const forged = `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
      expect(await sessionUser(new Headers({ cookie: forged }), auth)).toBeNull();
    }
    expect(await sessionUser(new Headers({ cookie: real.cookie }), auth)).toMatchObject({ role: "admin" });
  });
  it("refuses a display name that is another account's name or email", async () => {
    expect((await cli(["user", "add", "mallory@example.com", "--role", "responder", "--password-stdin"], "mallory password 1")).code).toBe(
      0,
    );
    const signedIn = await signIn("mallory@example.com", "mallory password 1", "10.0.0.11");
    const rename = async (name: string) => {
      const res = await auth.handler(
        new Request(`${ORIGIN}/api/auth/update-user`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, cookie: signedIn.cookie },
          body: JSON.stringify({ name }),
        }),
      );
      return { status: res.status, body: (await res.json().catch(() => null)) as { message?: string } | null };
    };
    expect(await rename("root-admin@example.com")).toMatchObject({
      status: 400,
      body: { message: "That name belongs to another account: choose your own." },
    });
    expect(await rename("  DANA@example.com ")).toMatchObject({ status: 400 });
    expect((await rename("Mallory M.")).status).toBe(200);
    expect((await env.prisma.user.findUnique({ where: { email: "mallory@example.com" } }))!.name).toBe("Mallory M.");
  });
});
