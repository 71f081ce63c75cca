import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as setup } from "@playwright/test";
import { ACCOUNTS, createAccounts, type AccountName } from "./accounts";
import { E2E_DATA_DIR, E2E_PORT, stateFile } from "./e2e-env";

// Runs once before the tests: the accounts exist and each has a signed-in browser state.
setup("accounts exist and are signed in", async ({ playwright }) => {
  createAccounts(E2E_DATA_DIR);
  const base = `http://127.0.0.1:${E2E_PORT}`;
  for (const name of Object.keys(ACCOUNTS) as AccountName[]) {
    const request = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
    const res = await request.post("/api/auth/sign-in/email", { data: { email: ACCOUNTS[name].email, password: ACCOUNTS[name].password } });
    if (!res.ok()) throw new Error(`sign-in as ${name} failed: ${res.status()} ${await res.text()}`);
    mkdirSync(path.dirname(stateFile(name)), { recursive: true, mode: 0o700 });
    await request.storageState({ path: stateFile(name) });
    await request.dispose();
  }
});
