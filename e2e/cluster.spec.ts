import type { ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startPostgresCluster, type PostgresCluster } from "../server/testing/postgres-cluster";
import { ACCOUNTS, createAccounts, type AccountName } from "./accounts";
import { clusterSettings, instanceDataDir, startInstance, stopAppServer } from "./app-server";
import { haproxyConfig, startHaproxy } from "./haproxy";
import { freePort } from "./ports";
import { expectOutput, runOutput, terminalText } from "./run-output";

// A team's installation: PostgreSQL, two Runlog instances (a and b), HAProxy in front. Every
// part is the real one, started here on loopback, and stopped after.

const RUNBOOK = [
  "# Cluster drill",
  "",
  "Commands for the cluster test: one that keeps printing, one that waits for a line.",
  "",
  "## Watch",
  "",
  "```bash",
  'for i in $(seq 1 100000); do echo "tick $i"; sleep 2; done',
  "```",
  "",
  "## Ask",
  "",
  "```bash",
  'read -r answer; echo "got $answer"',
  "```",
  "",
].join("\n");
const LOOP = 'for i in $(seq 1 100000); do echo "tick $i"; sleep 2; done';
const ASK = 'read -r answer; echo "got $answer"';

let dir = "";
let pg: PostgresCluster;
const servers: Record<string, ChildProcess> = {};
let haproxy: { stop(): Promise<void> };
let LB = "";

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-cluster-"));
  chmodSync(dir, 0o711);
  pg = await startPostgresCluster(path.join(dir, "pg"));
  const runbooks = path.join(dir, "runbooks");
  mkdirSync(runbooks);
  writeFileSync(path.join(runbooks, "cluster-drill.md"), RUNBOOK);
  const [portA, portB, lbPort] = await Promise.all([freePort(), freePort(), freePort()]);
  LB = `http://127.0.0.1:${lbPort}`;
  // What every instance shares: the database, the keys, the cluster secret, the public address.
  const shared = {
    ...clusterSettings(pg.createDatabase("runlog")),
    RUNLOG_BASE_URL: LB,
    RUNLOG_TRUSTED_PROXIES: "127.0.0.1",
    RUNLOG_RUNBOOKS_DIR: runbooks,
    RUNLOG_INSTANCE_TIMEOUT_SECONDS: "5",
  };
  for (const [name, port] of [
    ["a", portA],
    ["b", portB],
  ] as const) {
    servers[name] = await startInstance(name, port, dir, shared);
  }
  createAccounts(instanceDataDir(dir, "a"), ["responder", "commander"], { DATABASE_URL: shared.DATABASE_URL });
  haproxy = await startHaproxy(
    dir,
    haproxyConfig(
      lbPort,
      [
        { name: "a", port: portA },
        { name: "b", port: portB },
      ],
      { pages: "a", streams: "b" },
    ),
    `${LB}/api/health`,
  );
});

test.afterAll(async () => {
  await haproxy?.stop();
  for (const proc of Object.values(servers)) if (proc.exitCode === null && proc.signalCode === null) await stopAppServer(proc);
  pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A browser signed in through `base`, its requests pinned to an instance by the load balancer's cookie (or split). */
async function pinnedPage(browser: Browser, base: string, name: AccountName, pin: { SERVERID: string } | { SPLIT: "1" }): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 1000 } });
  await ctx.addCookies(Object.entries(pin).map(([cookie, value]) => ({ name: cookie, value, url: base })));
  const page = await ctx.newPage();
  const a = ACCOUNTS[name];
  const res = await page.request.post(`${base}/api/auth/sign-in/email`, {
    data: { email: a.email, password: a.password },
    headers: { origin: base },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return page;
}

const card = (page: Page, text: string) => page.getByRole("article", { name: text, exact: true });
const output = (page: Page, text: string) => card(page, text).getByRole("region", { name: `Output of ${text}` });
const instanceOf = async (page: Page) => ((await (await page.request.get("/api/health")).json()) as { instance: string }).instance;

test("two instances behind HAProxy: live output, keystrokes, Stop and the timeline cross instances; a killed instance's run ends as interrupted", async ({
  browser,
}) => {
  const ann = await pinnedPage(browser, LB, "responder", { SERVERID: "a" });
  const dana = await pinnedPage(browser, LB, "commander", { SERVERID: "b" });
  expect(await instanceOf(ann)).toBe("a");
  expect(await instanceOf(dana)).toBe("b");

  await ann.goto("/runbooks/cluster-drill");
  await ann.getByRole("button", { name: "Start incident" }).click();
  await expect(ann).toHaveURL(/\/incidents\/inc_/);
  const incidentPath = new URL(ann.url()).pathname;

  // Ann's loop runs on instance a; Dana, on b, watches it live: the same bytes in her terminal.
  await card(ann, LOOP).getByRole("button", { name: "Run", exact: true }).click();
  await expectOutput(card(ann, LOOP), "tick 1");
  await dana.goto(incidentPath);
  await expect(card(dana, LOOP).getByText("running…")).toBeVisible();
  const sameTicks = async () => {
    const [mine, theirs] = await Promise.all([terminalText(output(ann, LOOP)), terminalText(output(dana, LOOP))]);
    return mine !== null && mine === theirs ? (mine.match(/tick \d+/g) ?? []).length : -1;
  };
  await expect.poll(sameTicks, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  // The whole output as b reads it (from a's live capture).
  expect((await runOutput(card(dana, LOOP))).running).toBe(true);

  // Events from either instance reach the other's page without a reload.
  const note = async (page: Page, text: string) => {
    const controls = page.getByRole("region", { name: "Incident controls" });
    await controls.getByLabel("Note").fill(text);
    await controls.getByRole("button", { name: "Add note" }).click();
  };
  await note(ann, "Noted on instance a");
  await expect(dana.getByRole("list", { name: "Timeline events" })).toContainText("Note: Noted on instance a");
  await note(dana, "Noted on instance b");
  await expect(ann.getByRole("list", { name: "Timeline events" })).toContainText("Note: Noted on instance b");

  // Dana presses Cancel on b: the run on a stops, for both of them.
  await card(dana, LOOP).getByRole("button", { name: "Cancel" }).click();
  await expect(card(dana, LOOP).getByText(/^cancelled/)).toBeVisible({ timeout: 20_000 });
  await expect(card(ann, LOOP).getByText(/^cancelled/)).toBeVisible({ timeout: 20_000 });
  await expect(ann.getByRole("list", { name: "Timeline events" }).getByRole("listitem").filter({ hasText: "stopped by" })).toHaveCount(1);

  // Dana types into a run she started on b.
  await card(dana, ASK).getByRole("button", { name: "Run", exact: true }).click();
  await expect(card(dana, ASK).getByText("running…")).toBeVisible();
  // Typing reaches the command once the terminal is attached as the runner's.
  await expect(output(dana, ASK)).toHaveAttribute("data-input", "ready");
  await output(dana, ASK).click();
  await dana.keyboard.type("typed on b\n");
  await expectOutput(card(dana, ASK), "got typed on b");

  // The page on a, its terminal stream through b (split by the load balancer): the runner's keystrokes
  // and terminal size go through b to the pty on a.
  const split = await pinnedPage(browser, LB, "responder", { SPLIT: "1" });
  expect(await instanceOf(split)).toBe("a");
  await split.goto(incidentPath);
  await card(split, ASK).getByRole("button", { name: "Run", exact: true }).click();
  await expect(card(split, ASK).getByText("running…")).toBeVisible();
  await expect(output(split, ASK)).toHaveAttribute("data-input", "ready");
  await output(split, ASK).click();
  await split.keyboard.type("typed through b\n");
  await expectOutput(card(split, ASK), "got typed through b");
  await split.context().close();

  // A new loop on a; then a dies (kill -9). b records the run as interrupted once a's heartbeat
  // is older than the timeout, and Dana's page shows it end.
  await card(ann, LOOP).getByRole("button", { name: "Run", exact: true }).click();
  await expect(card(ann, LOOP).getByText("running…")).toBeVisible();
  await expectOutput(card(ann, LOOP), "tick 1");
  await expect(card(dana, LOOP).getByText("running…")).toBeVisible();
  servers.a!.kill("SIGKILL");
  await expect(card(dana, LOOP).getByText("interrupted: the server stopped")).toBeVisible({ timeout: 40_000 });

  // Ann's browser, still pinned to a, keeps working through the load balancer: b serves it.
  await ann.reload();
  expect(await instanceOf(ann)).toBe("b");
  await expect(card(ann, LOOP).getByText("interrupted: the server stopped")).toBeVisible();
  await note(ann, "a is gone, b carries on");
  await expect(dana.getByRole("list", { name: "Timeline events" })).toContainText("Note: a is gone, b carries on");
});
