import { execFileSync } from "node:child_process";
import { expect, type Browser, type Page } from "@playwright/test";
import type { Role } from "../server/shared/roles";

/** The people the end-to-end tests sign in as: one account per role (and a second commander for four-eyes). */
export const ACCOUNTS = {
  admin: { email: "admin@runlog.test", password: "admin password 0001", role: "admin" },
  commander: { email: "dana@runlog.test", password: "commander password 1", role: "commander" },
  commander2: { email: "cole@runlog.test", password: "commander password 2", role: "commander" },
  responder: { email: "ann@runlog.test", password: "responder password 1", role: "responder" },
  viewer: { email: "vic@runlog.test", password: "viewer password 0001", role: "viewer" },
} as const satisfies Record<string, { email: string; password: string; role: Role }>;
export type AccountName = keyof typeof ACCOUNTS;

/** Creates the accounts with the CLI, as an admin would on the server. */
export function createAccounts(
  dataDir: string,
  names: AccountName[] = Object.keys(ACCOUNTS) as AccountName[],
  env: Record<string, string> = {},
): void {
  for (const name of names) {
    const a = ACCOUNTS[name];
    execFileSync(
      process.execPath,
      ["--import", "tsx", "server/cli/main.ts", "user", "add", a.email, "--role", a.role, "--password-stdin"],
      {
        input: a.password,
        env: { ...process.env, RUNLOG_DATA_DIR: dataDir, ...env },
        stdio: ["pipe", "ignore", "inherit"],
      },
    );
  }
}

/** Signs in over HTTP and returns the session cookie, for tests that call the API from outside a browser. */
export async function signInCookie(base: string, name: AccountName): Promise<string> {
  const a = ACCOUNTS[name];
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: a.email, password: a.password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${a.email} failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A page of its own browser context, signed in to the server at `base` (one started by the test). */
export async function signedInPage(
  browser: Browser,
  base: string,
  name: AccountName,
  viewport = { width: 1400, height: 1000 },
): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: base, viewport });
  const page = await ctx.newPage();
  const a = ACCOUNTS[name];
  const res = await page.request.post(`${base}/api/auth/sign-in/email`, {
    data: { email: a.email, password: a.password },
    headers: { origin: base },
  });
  expect(res.ok()).toBe(true);
  return page;
}
