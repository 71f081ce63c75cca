import http from "node:http";
import { expect, test, type Browser } from "@playwright/test";
import WebSocket from "ws";
import { execFileSync } from "node:child_process";
import { ACCOUNTS, type AccountName } from "./accounts";
import { E2E_DATA_DIR, E2E_PORT, stateFile } from "./e2e-env";

const BASE = `http://127.0.0.1:${E2E_PORT}`;
const signedOut = { storageState: { cookies: [], origins: [] } };

async function pageAs(browser: Browser, name: AccountName) {
  const ctx = await browser.newContext({ storageState: stateFile(name) });
  return { ctx, page: await ctx.newPage() };
}

test.describe("signed out", () => {
  test.use(signedOut);

  test("every page sends you to sign in, and back where you were after", async ({ page }) => {
    await page.goto("/runbooks/backup-failure");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Frunbooks%2Fbackup-failure/);
    await page.getByLabel("Email").fill(ACCOUNTS.responder.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
    await page.getByLabel("Password").fill(ACCOUNTS.responder.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/runbooks\/backup-failure$/);
    await expect(page.getByLabel("Signed in")).toContainText(`${ACCOUNTS.responder.email}responder`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a 'next' that would leave the site is not followed: after signing in you land on the home page", async ({ page }) => {
    for (const next of ["/%09/evil.example", "//evil.example", "/%0a/x", "/%E3%80%82/x", "https://evil.example/"]) {
      const res = await page.goto(`/sign-in?next=${next}`);
      expect(res!.status(), next).toBe(200);
    }
    await page.goto("/sign-in?next=/%09/evil.example");
    await page.getByLabel("Email").fill(ACCOUNTS.viewer.email);
    await page.getByLabel("Password").fill(ACCOUNTS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Signed in")).toContainText(ACCOUNTS.viewer.email);
    expect(new URL(page.url()).origin).toBe(BASE);
    expect(new URL(page.url()).pathname).toBe("/");
  });

  test("every role signs in through the form and sees its role; sign-out ends the session", async ({ page }) => {
    for (const name of ["viewer", "commander", "admin"] as const) {
      await page.goto("/");
      await expect(page).toHaveURL(/\/sign-in/);
      await page.getByLabel("Email").fill(ACCOUNTS[name].email);
      await page.getByLabel("Password").fill(ACCOUNTS[name].password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Open incidents" })).toBeVisible();
      await expect(page.getByLabel("Signed in")).toContainText(`${ACCOUNTS[name].email}${ACCOUNTS[name].role}`);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/sign-in/);
    }
  });

  test("a one-time password from the CLI works once, to choose one's own", async ({ page }) => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "server/cli/main.ts", "user", "add", "newcomer@runlog.test", "--role", "responder"],
      {
        env: { ...process.env, RUNLOG_DATA_DIR: E2E_DATA_DIR },
        encoding: "utf8",
      },
    );
    const oneTime = /One-time password: (\S+)/.exec(out)![1]!;
    await page.goto("/");
    await page.getByLabel("Email").fill("newcomer@runlog.test");
    await page.getByLabel("Password").fill(oneTime);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
    // Until then the API refuses everything else.
    const list = await page.evaluate(async () => (await fetch(`/api/trpc/incidents.list`)).status);
    expect(list).toBe(403);
    await page.getByLabel("Current password").fill(oneTime);
    await page.getByLabel("New password (12 characters or more)").fill("my very own password");
    await page.getByRole("button", { name: "Save password" }).click();
    await expect(page.getByRole("heading", { name: "Open incidents" })).toBeVisible();
    await expect(page.getByLabel("Signed in")).toContainText("newcomer@runlog.test");
  });

  test("the API and the output stream refuse anyone not signed in", async ({ request }) => {
    const list = await request.get(`/api/trpc/incidents.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(list.status()).toBe(401);
    expect((await list.json()).error.json.message).toBe("Sign in first.");
    const create = await request.post("/api/trpc/incidents.create", {
      data: { json: { runbookSlug: "backup-failure" } },
      headers: { origin: BASE },
    });
    expect(create.status()).toBe(401);
    const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/api/stream?run=run_doesnotexist00`, { headers: { origin: BASE } });
    await expect(new Promise((_res, rej) => ws.on("error", rej))).rejects.toThrow(/401/);
  });

  test("a page on another site cannot change anything with a signed-in person's cookie", async ({ playwright }) => {
    const as = await playwright.request.newContext({ baseURL: BASE, storageState: stateFile("commander") });
    for (const path of ["/api/trpc/incidents.create", "/api/auth/sign-out"]) {
      const res = await as.post(path, { data: { json: { runbookSlug: "backup-failure" } }, headers: { origin: "http://evil.example" } });
      expect(res.status(), path).toBe(403);
    }
    // The same request from the app's own origin goes through.
    expect(
      (
        await as.post("/api/trpc/incidents.create", { data: { json: { runbookSlug: "backup-failure" } }, headers: { origin: BASE } })
      ).status(),
    ).toBe(200);
    const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/api/stream?run=run_doesnotexist00`, {
      headers: { origin: "http://evil.example", cookie: (await as.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    await expect(new Promise((_res, rej) => ws.on("error", rej))).rejects.toThrow(/403/);
    await as.dispose();
  });

  test("request bodies are capped before they are read, and batches are bounded", async ({ playwright }) => {
    // A 300 MB sign-in is refused on its headers alone: the server answers before the body.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(300 * 1024 * 1024), origin: BASE },
      });
      req.on("response", (res) => resolve(res.statusCode ?? 0));
      req.on("error", reject);
      req.write("{");
    });
    expect(declared).toBe(413);
    const as = await playwright.request.newContext({ baseURL: BASE, storageState: stateFile("responder") });
    const note = await as.post("/api/trpc/incidents.addNote", {
      data: { json: { incidentId: "inc_doesnotexist00", text: "x".repeat(3 * 1024 * 1024) } },
      headers: { origin: BASE },
    });
    expect(note.status()).toBe(413);
    const names = Array.from({ length: 21 }, () => "runbooks.list").join(",");
    const batch = await as.get(`/api/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
    expect(batch.status()).toBe(400);
    await as.dispose();
  });

  test("responses carry the security headers", async ({ request }) => {
    const res = await request.get("/sign-in");
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).not.toContain("unsafe-eval");
    // Scripts run by this response's nonce only: no 'unsafe-inline' for scripts, a new nonce each time.
    const scriptSrc = (csp: string) => csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc(h["content-security-policy"]!)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
    const again = (await request.get("/sign-in")).headers()["content-security-policy"]!;
    expect(scriptSrc(again)).not.toBe(scriptSrc(h["content-security-policy"]!));
    // Next's own scripts carry it.
    const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"]!)![1]!;
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
  });
});

test("each role sees what it may do, and the server refuses the rest", async ({ browser }) => {
  // A responder opens an incident and runs a read-only command on one click.
  const responder = await pageAs(browser, "responder");
  await responder.page.goto("/runbooks/backup-failure");
  await responder.page.getByRole("button", { name: "Start incident" }).click();
  await expect(responder.page).toHaveURL(/\/incidents\/inc_/);
  const incidentUrl = responder.page.url();
  const incidentId = incidentUrl.split("/").at(-1)!;
  await expect(responder.page.getByRole("button", { name: "Run", exact: true }).first()).toBeVisible();
  await expect(responder.page.getByRole("button", { name: "Set status" })).toHaveCount(0);

  // A viewer reads everything but has no Run, Edit, note or status controls.
  const viewer = await pageAs(browser, "viewer");
  await viewer.page.goto(incidentUrl);
  await expect(viewer.page.getByRole("heading", { name: "Backup Failure", exact: true })).toBeVisible();
  await expect(viewer.page.getByLabel("Signed in")).toContainText("viewer");
  await expect(viewer.page.getByRole("button", { name: "Run", exact: true })).toHaveCount(0);
  await expect(viewer.page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(viewer.page.getByRole("button", { name: "Add note" })).toHaveCount(0);
  await expect(viewer.page.getByRole("checkbox", { name: "Page: Senior DevOps Engineer" })).toBeDisabled();
  // Forcing it: the page's own session, straight at the API.
  const commandId = await viewer.page.evaluate(async (id) => {
    const res = await fetch(`/api/trpc/incidents.get?input=${encodeURIComponent(JSON.stringify({ json: { id } }))}`);
    const view = (await res.json()) as {
      result: { data: { json: { runbook: { sections: { content: { kind: string; block?: { commands: { id: string }[] } }[] }[] } } } };
    };
    return view.result.data.json.runbook.sections.flatMap((s) => s.content.flatMap((c) => c.block?.commands ?? []))[0]!.id;
  }, incidentId);
  const forced = await viewer.page.evaluate(
    async ({ id, commandId }) => {
      const res = await fetch("/api/trpc/runs.start", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { incidentId: id, commandId } }),
      });
      return { status: res.status, body: await res.text() };
    },
    { id: incidentId, commandId },
  );
  expect(forced.status).toBe(403);
  expect(forced.body).toContain("This needs the responder role; you are viewer.");

  // A commander has the status controls; an admin manages accounts.
  const commander = await pageAs(browser, "commander");
  await commander.page.goto(`${incidentUrl}/timeline`);
  await expect(commander.page.getByRole("button", { name: "Set status" })).toBeVisible();
  const admin = await pageAs(browser, "admin");
  await admin.page.goto("/");
  const users = await admin.page.evaluate(async () => (await fetch(`/api/trpc/users.list`)).status);
  expect(users).toBe(200);
  const notAdmin = await commander.page.evaluate(async () => (await fetch(`/api/trpc/users.list`)).status);
  expect(notAdmin).toBe(403);
  expect((await commander.page.goto("/admin/users"))!.status()).toBe(404);
  // The admin's accounts page: change a role, disable an account.
  execFileSync(
    process.execPath,
    ["--import", "tsx", "server/cli/main.ts", "user", "add", "leaver@runlog.test", "--role", "responder", "--password-stdin"],
    {
      env: { ...process.env, RUNLOG_DATA_DIR: E2E_DATA_DIR },
      input: "leaver password 01",
    },
  );
  await admin.page.getByRole("link", { name: "Accounts" }).click();
  const accounts = admin.page.getByRole("table", { name: "Accounts" });
  await accounts.getByLabel("Role of leaver@runlog.test").selectOption("viewer");
  await expect(accounts.getByLabel("Role of leaver@runlog.test")).toHaveValue("viewer");
  await accounts.getByRole("row").filter({ hasText: "leaver@runlog.test" }).getByRole("button", { name: "Disable" }).click();
  await expect(accounts.getByRole("row").filter({ hasText: "leaver@runlog.test" })).toContainText("disabled");
  await expect(accounts.getByLabel(`Role of ${ACCOUNTS.admin.email}`)).toBeDisabled();
  for (const p of [responder, viewer, commander, admin]) await p.ctx.close();
});

test("a destructive command in a critical incident waits for another person's approval, then runs once typed", async ({ browser }) => {
  const responder = await pageAs(browser, "responder");
  const page = responder.page;
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const text = 'find /var/backups/postgres -name "*.sql.gz" -mtime +30 -delete';
  const cardEl = page.getByRole("article", { name: text, exact: true });
  await cardEl.getByRole("button", { name: "Run", exact: true }).click();
  const confirm = cardEl.getByRole("dialog", { name: `Confirm ${text}` });
  await expect(confirm).toContainText("This command can destroy data.");
  await expect(confirm.getByRole("button", { name: "Confirm and run" })).toBeDisabled();
  await confirm.getByRole("button", { name: "Request approval" }).click();
  await expect(confirm.getByLabel("Approval")).toContainText("Waiting for a commander's approval…");

  // The commander, on the commander's view, approves it.
  const commander = await pageAs(browser, "commander");
  await commander.page.goto(`${page.url()}/timeline`);
  const waiting = commander.page.getByRole("region", { name: "Approvals waiting" });
  await expect(waiting).toContainText(`${ACCOUNTS.responder.email} asks to run:`);
  await waiting.getByRole("button", { name: "Approve" }).click();
  await expect(waiting).toHaveCount(0);

  await expect(confirm.getByLabel("Approval")).toContainText(`Approved by ${ACCOUNTS.commander.email}.`);
  await confirm.getByLabel("Confirmation word").fill("find");
  await confirm.getByRole("button", { name: "Confirm and run" }).click();
  await expect(cardEl.getByText(/^exit \d+$/)).toBeVisible();
  const timeline = commander.page.getByRole("list", { name: "Timeline events" });
  await expect(timeline).toContainText(`Asked for approval to run ${text}`);
  await expect(timeline).toContainText(`Approved ${ACCOUNTS.responder.email}'s command`);
  await expect(timeline).toContainText(`Ran ${text}`);
  await responder.ctx.close();
  await commander.ctx.close();
});
