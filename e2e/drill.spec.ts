import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { createAccounts, signedInPage, type AccountName } from "./accounts";
import { startAppServer, stopAppServer } from "./app-server";
import { approveOn, requestAndGetApproval } from "./approvals";
import { runOutput } from "./run-output";
import { freePort, startPostgres, startPrometheusStandIn, startRedis, TABLES, type Service } from "./drill/services";

// The seed drill: the Backup Failure runbook, unedited, against real PostgreSQL and Redis, with a
// `docker` shim standing in for the containers it names. The server under test runs in a private
// mount namespace where /var/backups, /backups and /data are folders of this test's temp dir.

const root = process.getuid?.() === 0;
test.skip(
  !root || !existsSync("/usr/bin/unshare") || !existsSync("/usr/bin/redis-server"),
  "the drill needs root (a private mount namespace), unshare and Debian's postgresql and redis-server",
);

let dir: string;
let pg: Service;
let redis: Service;
let prometheus: Service;
let server: ChildProcess;
let base: string;
const madeMountPoints: string[] = [];

/** An empty folder to bind-mount over, with whatever parents it needs; all of them go after the drill. */
function makeMountPoint(p: string): void {
  const missing: string[] = [];
  for (let d = p; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    mkdirSync(d);
    madeMountPoints.unshift(d);
  }
}
const hostHadEmergency = existsSync("/var/backups/postgres/emergency");

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-drill-"));
  // PostgreSQL runs as the `postgres` user and must reach its folder inside this one.
  chmodSync(dir, 0o755);
  const varBackups = path.join(dir, "var-backups");
  const backups = path.join(dir, "container-backups");
  const redisData = path.join(dir, "redis-data");
  // The runbook lists `/path/to/backups/`: the drill puts two backups there.
  const backupList = path.join(dir, "backup-list");
  mkdirSync(backupList);
  for (const f of ["postgres-20261130.dump", "redis-20261130.rdb"]) writeFileSync(path.join(backupList, f), "backup\n");
  for (const d of ["postgres/emergency", "redis/emergency"]) mkdirSync(path.join(varBackups, d), { recursive: true });
  mkdirSync(backups, { recursive: true });
  // The runbook's commands write backups there as Runlog's run account, as on a real box.
  for (const d of [backups, path.join(varBackups, "postgres/emergency"), path.join(varBackups, "redis/emergency")]) chmodSync(d, 0o777);
  pg = await startPostgres(path.join(dir, "pg"));
  redis = await startRedis(redisData, dir);
  prometheus = await startPrometheusStandIn(new Date(Date.now() - 26 * 3600_000));
  // Bind mounts need their mount points: empty folders, removed after the drill.
  for (const p of ["/backups", "/data", "/path/to/backups"]) makeMountPoint(p);
  const dataDir = path.join(dir, "runlog");
  createAccounts(dataDir, ["responder", "commander"]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startAppServer({
    port,
    env: {
      RUNLOG_DATA_DIR: dataDir,
      PATH: `${path.resolve("e2e/drill/bin")}:${process.env.PATH}`,
      DRILL_PGPORT: String(pg.port),
      DRILL_REDIS_PORT: String(redis.port),
      DRILL_PROMETHEUS_PORT: String(prometheus.port),
      // The docker and curl shims find the drill's servers through these; commands get only what is named.
      RUNLOG_COMMAND_ENV: "DRILL_PGPORT,DRILL_REDIS_PORT,DRILL_PROMETHEUS_PORT",
    },
    prefix: [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "--",
      "sh",
      "-c",
      'mount --bind "$1" /var/backups && mount --bind "$2" /backups && mount --bind "$3" /data && mount --bind "$4" /path/to/backups && shift 4 && exec "$@"',
      "sh",
      varBackups,
      backups,
      redisData,
      backupList,
    ],
  });
});

test.afterAll(async () => {
  if (server) await stopAppServer(server);
  redis?.stop();
  pg?.stop();
  prometheus?.stop();
  for (const p of madeMountPoints) rmdirSync(p);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const signedIn = (browser: Browser, name: AccountName) => signedInPage(browser, base, name);

/** Runs a command card (confirming when asked, editing first when told), and returns its whole output and exit badge. */
async function run(card: Locator, opts: { edit?: string; approver?: Page } = {}): Promise<{ output: string; exit: Locator }> {
  if (opts.edit !== undefined) {
    await card.getByRole("button", { name: "Edit" }).click();
    await card.getByRole("textbox").fill(opts.edit);
    await card.getByRole("button", { name: "Run edited" }).click();
  } else {
    await card.getByRole("button", { name: "Run", exact: true }).click();
  }
  const confirm = card.getByRole("dialog", { name: /^Confirm/ });
  const exit = card.getByText(/^exit \d+$/);
  const started = card.getByText(/^exit \d+$|^running…$/);
  await expect(confirm.or(started)).toBeVisible();
  if (await confirm.isVisible()) {
    // The incident is critical: an edit waits for the commander, who is watching.
    if (opts.edit !== undefined) await requestAndGetApproval(confirm, () => approveOn(opts.approver!));
    await confirm.getByRole("button", { name: "Confirm and run" }).click();
  }
  await expect(exit).toBeVisible({ timeout: 30_000 });
  // The exit badge comes after the run is stored: its output is complete.
  const { text, running } = await runOutput(card);
  expect(running).toBe(false);
  return { output: text, exit };
}

const card = (page: Page, text: string) => page.getByRole("article").filter({ hasText: text }).first();

test("the Backup Failure drill, end to end, against real PostgreSQL and Redis", async ({ browser }) => {
  test.setTimeout(240_000);
  const responder = await signedIn(browser, "responder");
  // 1. The page fired for PostgreSQLBackupFailure: find its runbook by the alert, open an incident.
  await responder.goto("/");
  await responder
    .getByRole("list", { name: "Runbooks" })
    .getByRole("listitem")
    .filter({ hasText: "PostgreSQLBackupFailure" })
    .getByRole("link")
    .first()
    .click();
  await expect(responder).toHaveURL(/\/runbooks\/backup-failure$/);
  await responder.getByRole("button", { name: "Start incident" }).click();
  await expect(responder).toHaveURL(/\/incidents\/inc_/);
  const incidentId = responder.url().split("/").at(-1)!;

  // The commander follows on the commander's view from the start.
  const commander = await signedIn(browser, "commander");
  await commander.goto(`/incidents/${incidentId}/timeline`);
  const commanderTimeline = commander.getByRole("list", { name: "Timeline events" });
  // Hydrated and live: from here on, any navigation would be a reload.
  await expect(commander.getByLabel("Live updates")).toHaveText("● live");
  let commanderReloaded = false;
  commander.on("framenavigated", (f) => f === commander.mainFrame() && (commanderReloaded = true));

  // Variables for the PostgreSQL commands.
  const vars = responder.getByRole("region", { name: "Variables" });
  for (const [name, value] of [
    ["POSTGRES_USER", "postgres"],
    ["POSTGRES_DB", "corporate_intel"],
  ]) {
    await vars.getByLabel(`$${name}`).fill(value!);
    await vars.getByRole("button", { name: `Set ${name}` }).click();
    await expect(vars).toContainText(`= ${value}`);
  }

  // 1b. Run all from the first step: the diagnostics run in order and stop at the first that
  // fails: no backup storage is mounted here, so `df -h | grep backup` finds nothing (exit 1).
  await responder
    .getByRole("region", { name: "1. Assess Current Backup Status", exact: true })
    .getByRole("button", { name: "Run all from here" })
    .click();
  const runAll = responder.getByRole("region", { name: "Run all" });
  await expect(runAll.getByRole("status")).toHaveText("Run all stopped at df -h | grep backup: exit 1", { timeout: 30_000 });
  const promCard = card(responder, "curl http://prometheus:9090/api/v1/query");
  await expect(promCard.getByText("exit 0")).toBeVisible();
  expect((await runOutput(promCard)).text).toMatch('"job":"postgres-backup"');
  const lsCard = card(responder, "ls -lth /path/to/backups/ | head -20");
  await expect(lsCard.getByText("exit 0")).toBeVisible();
  expect((await runOutput(lsCard)).text).toMatch("postgres-20261130.dump");
  await expect(card(responder, "df -h | grep backup").getByText("exit 1")).toBeVisible();
  await expect(responder.getByLabel("Step 1. Assess Current Backup Status: failed")).toBeVisible();
  // The commander saw it stop, live.
  await expect(commanderTimeline).toContainText("Run all stopped at df -h | grep backup: exit 1");

  // 2. PostgreSQL diagnostics.
  let r = await run(card(responder, "pg_isready -U $POSTGRES_USER"));
  await expect(r.exit).toHaveText("exit 0");
  expect(r.output).toMatch("accepting connections");
  r = await run(card(responder, "pg_database_size"));
  await expect(r.exit).toHaveText("exit 0");
  expect(r.output).toMatch(/\d+ kB|\d+ MB/);
  r = await run(card(responder, "FROM pg_stat_activity WHERE state = 'active'"));
  await expect(r.exit).toHaveText("exit 0");
  expect(r.output).toMatch("row");
  r = await run(card(responder, 'psql -U postgres -c "SELECT version();"'));
  expect(r.output).toMatch("PostgreSQL 15");

  // 3. The manual pg_dump (mutating: confirmed), copied out of the "container", then verified.
  r = await run(card(responder, "-f /backups/manual-backup-$(date +%Y%m%d-%H%M%S).dump"));
  await expect(r.exit).toHaveText("exit 0");
  r = await run(card(responder, "docker cp corporate-intel-postgres:/backups/manual-backup-*.dump"));
  await expect(r.exit).toHaveText("exit 0");
  // The runbook verifies backup-latest.dump; the responder points it at the dump just made.
  r = await run(card(responder, "pg_restore --list /var/backups/postgres/backup-latest.dump"), {
    edit: "pg_restore --list /var/backups/postgres/emergency/manual-backup-*.dump | head -40",
    approver: commander,
  });
  await expect(r.exit).toHaveText("exit 0");
  for (const table of TABLES) expect(r.output).toMatch(`TABLE public ${table}`);

  // 4. Redis: LASTSAVE, BGSAVE, the RDB copied out, checked.
  r = await run(card(responder, "docker exec corporate-intel-redis redis-cli LASTSAVE"));
  expect(r.output).toMatch(/\d{10}/);
  r = await run(card(responder, "docker exec corporate-intel-redis redis-cli BGSAVE"));
  expect(r.output).toMatch("Background saving started");
  await expect.poll(() => existsSync(path.join(dir, "redis-data", "dump.rdb"))).toBe(true);
  r = await run(card(responder, "docker cp corporate-intel-redis:/data/dump.rdb"));
  await expect(r.exit).toHaveText("exit 0");
  r = await run(card(responder, "redis-check-rdb /var/backups/redis/dump.rdb"), {
    edit: "redis-check-rdb /var/backups/redis/emergency/redis-*.rdb",
    approver: commander,
  });
  await expect(r.exit).toHaveText("exit 0");
  expect(r.output).toMatch("RDB looks OK");

  // 5. MinIO: mc is not installed; the failure is plain in the card, the step and the timeline.
  const mcCard = card(responder, "mc ls minio-backup/corporate-intel/");
  r = await run(mcCard);
  await expect(r.exit).toHaveText("exit 127");
  expect(r.output).toMatch("mc: command not found");
  await expect(responder.getByLabel("Step 2. Identify Failed Component: failed")).toBeVisible();

  // 6. The commander saw it all live (no reload), then marks the incident mitigated and resolved.
  for (const text of [
    "Ran docker exec corporate-intel-postgres pg_isready -U $POSTGRES_USER",
    'Ran docker exec corporate-intel-postgres psql -U postgres -c "SELECT version();"',
    "Ran docker exec corporate-intel-postgres pg_dump",
    "Ran docker cp corporate-intel-postgres:/backups/manual-backup-*.dump",
    "Ran edited pg_restore --list /var/backups/postgres/emergency/manual-backup-*.dump | head -40",
    "Ran docker exec corporate-intel-redis redis-cli LASTSAVE",
    "Ran docker exec corporate-intel-redis redis-cli BGSAVE",
    "Ran docker cp corporate-intel-redis:/data/dump.rdb",
    "Ran edited redis-check-rdb /var/backups/redis/emergency/redis-*.rdb",
    "Ran mc ls minio-backup/corporate-intel/",
  ]) {
    await expect(commanderTimeline).toContainText(text);
  }
  await expect(commanderTimeline.getByRole("listitem").filter({ hasText: "Finished" }).filter({ hasText: "mc ls" })).toContainText(
    "exit 127",
  );
  expect(commanderReloaded).toBe(false);
  const controls = commander.getByRole("region", { name: "Incident controls" });
  for (const status of ["mitigated", "resolved"]) {
    await controls.getByLabel("Status").selectOption(status);
    await controls.getByRole("button", { name: "Set status" }).click();
    await expect(commander.getByText(`status: ${status}`)).toBeVisible();
  }

  // 7. The export tells the story; the chain verifies.
  await commander.getByText("Export ▾").click();
  const [download] = await Promise.all([
    commander.waitForEvent("download"),
    commander.getByRole("link", { name: "Markdown (.md)" }).click(),
  ]);
  const md = await readFile((await download.path())!, "utf8");
  for (const [text, result] of [
    ["docker exec corporate-intel-postgres pg_isready -U $POSTGRES_USER", "exit 0"],
    ["pg_restore --list /var/backups/postgres/emergency/manual-backup-*.dump | head -40", "exit 0"],
    ["docker exec corporate-intel-redis redis-cli BGSAVE", "exit 0"],
    ["redis-check-rdb /var/backups/redis/emergency/redis-*.rdb", "exit 0"],
    ["mc ls minio-backup/corporate-intel/", "exit 127"],
  ]) {
    const section = md.slice(md.indexOf(`\`\`\`sh\n${text}\n\`\`\``) - 600, md.indexOf(`\`\`\`sh\n${text}\n\`\`\``));
    expect(section, text).toContain(`**Result:** ${result}`);
  }
  // The pg_restore listing's excerpt: its header, and entries of the seeded tables from its tail.
  const listingAt = md.indexOf("```sh\npg_restore --list /var/backups/postgres/emergency/manual-backup-*.dump | head -40\n```");
  const listingExcerpt = md.slice(listingAt, md.indexOf("\n### ", listingAt));
  expect(listingExcerpt).toContain("; Archive created at");
  expect(listingExcerpt).toMatch(/(TABLE DATA|CONSTRAINT|SEQUENCE SET) public (companies|filings|analysts)/);
  expect(md).toContain("Status mitigated → resolved");
  const verify = execFileSync(process.execPath, ["--import", "tsx", "server/cli/main.ts", "verify", incidentId], {
    env: { ...process.env, RUNLOG_DATA_DIR: path.join(dir, "runlog") },
    encoding: "utf8",
  });
  expect(verify).toMatch(new RegExp(`^${incidentId}: timeline intact, \\d+ events, head [0-9a-f]{64}`));

  // Real effects, checked from outside the app: the dump lists the seeded tables, the RDB is sound,
  // and nothing landed in the machine's own /var/backups.
  const dumps = readdirSync(path.join(dir, "var-backups/postgres/emergency")).filter((f) => f.endsWith(".dump"));
  expect(dumps).toHaveLength(1);
  const listing = execFileSync("pg_restore", ["--list", path.join(dir, "var-backups/postgres/emergency", dumps[0]!)], { encoding: "utf8" });
  for (const table of TABLES) expect(listing).toContain(`TABLE public ${table}`);
  const rdbs = readdirSync(path.join(dir, "var-backups/redis/emergency"));
  expect(rdbs).toHaveLength(1);
  expect(execFileSync("redis-check-rdb", [path.join(dir, "var-backups/redis/emergency", rdbs[0]!)], { encoding: "utf8" })).toContain(
    "RDB looks OK",
  );
  if (!hostHadEmergency) expect(existsSync("/var/backups/postgres/emergency")).toBe(false);
});
