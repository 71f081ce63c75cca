import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import Provider from "oidc-provider";
import { startAppServer, stopAppServer } from "./app-server";
import { freePort } from "./ports";

// Single sign-on end to end: a real OpenID provider (the certified `oidc-provider` package) on
// loopback, Runlog's own server, a browser doing the whole redirect dance. For the refusals, the
// provider's token answer is re-signed with its own key but a wrong audience, issuer or expiry.

const CLIENT = { id: "runlog", secret: "runlog-client-secret-0123456789" };
/** The identity provider's groups per login; the test changes them between sign-ins. */
const groups: Record<string, string[]> = {};
type Tamper = null | "unchanged" | "audience" | "issuer" | "expired";
let tamper: Tamper = null;

let dir = "";
let idp: http.Server;
let app: ChildProcess;
let BASE = "";
let ISSUER = "";

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-oidc-"));
  chmodSync(dir, 0o711);
  const [idpPort, appPort] = await Promise.all([freePort(), freePort()]);
  ISSUER = `http://127.0.0.1:${idpPort}`;
  BASE = `http://127.0.0.1:${appPort}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`${BASE}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${BASE}/sign-in`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["oidc-test-cookie-key"] },
    // Claims in the ID token itself (Runlog reads the role claim from the verified ID token).
    conformIdTokenClaims: false,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    findAccount: (_ctx, login) => ({
      accountId: login,
      claims: () => ({ sub: login, email: `${login}@idp.test`, email_verified: true, name: login, groups: groups[login] ?? [] }),
    }),
  });
  const callback = provider.callback();
  idp = http.createServer((req, res) => {
    if (tamper && req.method === "POST" && req.url?.startsWith("/token")) resign(res, tamper, privateKey);
    callback(req, res);
  });
  await new Promise<void>((r) => idp.listen(idpPort, "127.0.0.1", r));
  app = await startAppServer({
    port: appPort,
    env: {
      RUNLOG_DATA_DIR: path.join(dir, "data"),
      RUNLOG_OIDC_ISSUER: ISSUER,
      RUNLOG_OIDC_CLIENT_ID: CLIENT.id,
      RUNLOG_OIDC_CLIENT_SECRET: CLIENT.secret,
      RUNLOG_OIDC_ROLE_CLAIM: "groups",
      RUNLOG_OIDC_ROLE_MAP: "sre-oncall=responder,sre-leads=commander",
    },
  });
});

test.afterAll(async () => {
  if (app) await stopAppServer(app);
  idp?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The provider's token answer, its ID token re-signed with the provider's own key but one thing wrong. */
function resign(res: http.ServerResponse, how: Exclude<Tamper, null>, key: CryptoKey): void {
  const end = res.end.bind(res) as (body?: unknown) => http.ServerResponse;
  res.end = ((body?: unknown) => {
    const answer = JSON.parse(String(body)) as { id_token?: string };
    const claims: JWTPayload = decodeJwt(answer.id_token!);
    const now = Math.floor(Date.now() / 1000);
    if (how === "audience") claims.aud = "another-client";
    if (how === "issuer") claims.iss = "http://127.0.0.1:1/not-the-issuer";
    if (how === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    void new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .sign(key)
      .then((idToken) => {
        const text = JSON.stringify({ ...answer, id_token: idToken });
        res.setHeader("content-length", Buffer.byteLength(text));
        end(text);
      });
    return res;
  }) as typeof res.end;
}

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ["--import", "tsx", "server/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, RUNLOG_DATA_DIR: path.join(dir, "data") },
  });
const accountLine = (email: string) =>
  cli("user", "list")
    .split("\n")
    .find((l) => l.startsWith(`${email} `)) ?? null;

/** A fresh browser signs in with single sign-on as `login` at the provider; returns where it ended. */
async function ssoSignIn(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: BASE })).newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.waitForURL((u) => u.origin === ISSUER);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((u) => u.origin === BASE && !u.pathname.startsWith("/api/"));
  return page;
}

test("first sign-in creates the account with the role its groups map to; a change at the provider counts at the next sign-in; sign-out ends it", async ({
  browser,
}) => {
  groups.alice = ["staff", "sre-oncall"];
  const page = await ssoSignIn(browser, "alice");
  await expect(page.getByText("alice@idp.test")).toBeVisible();
  await expect(page.getByText("responder", { exact: true })).toBeVisible();
  expect(accountLine("alice@idp.test")).toMatch(/^alice@idp\.test\s+responder\s/);

  // Signing out of Runlog ends the provider's session too (it asks), then comes back to Runlog.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((u) => u.origin === ISSUER);
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(`${BASE}/sign-in`);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);

  // Promoted at the provider: commander from the next sign-in (the highest role matched).
  groups.alice = ["sre-oncall", "sre-leads"];
  const again = await ssoSignIn(browser, "alice");
  await expect(again.getByText("commander", { exact: true })).toBeVisible();
  expect(accountLine("alice@idp.test")).toMatch(/\scommander\s/);
  // Out of every mapped group: viewer.
  groups.alice = ["staff"];
  const third = await ssoSignIn(browser, "alice");
  await expect(third.getByText("viewer", { exact: true })).toBeVisible();
});

test("an account disabled in Runlog stays disabled whatever the provider says", async ({ browser }) => {
  groups.bob = ["sre-leads"];
  await ssoSignIn(browser, "bob");
  expect(cli("user", "disable", "bob@idp.test")).toContain("is disabled");
  const page = await ssoSignIn(browser, "bob");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("alert").filter({ hasText: "This account is disabled in Runlog" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(accountLine("bob@idp.test")).toMatch(/disabled/);
});

test("the re-signing itself is sound: the same token re-signed unchanged signs in", async ({ browser }) => {
  groups["carol-resigned"] = ["sre-oncall"];
  tamper = "unchanged";
  try {
    const page = await ssoSignIn(browser, "carol-resigned");
    await expect(page.getByText("carol-resigned@idp.test")).toBeVisible();
  } finally {
    tamper = null;
  }
  expect(accountLine("carol-resigned@idp.test")).toMatch(/\sresponder\s/);
});

for (const how of ["audience", "issuer", "expired"] as const) {
  test(`an ID token with a wrong ${how === "expired" ? "expiry (expired)" : how} is refused: nobody is signed in, no account is made`, async ({
    browser,
  }) => {
    groups[`mallory-${how}`] = ["sre-leads"];
    tamper = how;
    try {
      const page = await ssoSignIn(browser, `mallory-${how}`);
      await expect(page).toHaveURL(/\/sign-in/);
      await expect(page.getByRole("alert").filter({ hasText: "could not be verified" })).toBeVisible();
      await page.goto("/");
      await expect(page).toHaveURL(/\/sign-in/);
    } finally {
      tamper = null;
    }
    expect(accountLine(`mallory-${how}@idp.test`)).toBeNull();
  });
}
