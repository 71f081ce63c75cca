import { execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createAccounts, signedInPage, signInCookie } from "./accounts";
import { ALERTMANAGER_BIN, startAlertmanager, type Alertmanager } from "./alertmanager";
import { callProcedure, startAppServer, stopAppServer } from "./app-server";
import { freePort } from "./ports";

// An alert's whole way: Prometheus Alertmanager (Debian's, started here) posts to Runlog's
// webhook with a token; Runlog opens the incident and tells a webhook receiver (started here).

test.skip(!existsSync(ALERTMANAGER_BIN), "needs Debian's prometheus-alertmanager (npm run test:e2e installs it)");

const KAFKA = [
  "---",
  "alerts: [KafkaBrokerDiskFull]",
  "variables:",
  "  NAMESPACE: { from: labels.namespace }",
  "  BROKER_HOST: { from: labels.instance, pattern: '^([^:]+)' }",
  "---",
  "# Kafka broker disk full",
  "**Severity:** High",
  "## Look at the disk",
  "```bash",
  'echo "checking $BROKER_HOST in $NAMESPACE"',
  "```",
].join("\n");
const SECRET = "kafka-admin-secret-0099";

let dir: string;
let base: string;
let server: ChildProcess;
let am: Alertmanager;
let receiver: http.Server;
const received: { path: string; body: string }[] = [];
let refuseFirst = true;
let cookie = "";
let alertsToken = "";
let exportToken = "";
let adminCookie = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-alerts-"));
  chmodSync(dir, 0o711);
  await mkdir(path.join(dir, "runbooks"));
  await writeFile(path.join(dir, "runbooks", "kafka-disk.md"), KAFKA);
  const dataDir = path.join(dir, "data");
  createAccounts(dataDir, ["responder", "admin"]);
  const tokenFor = (name: string, scope: string) =>
    execFileSync(process.execPath, ["--import", "tsx", "server/cli/main.ts", "token", "add", name, "--scope", scope], {
      env: { ...process.env, RUNLOG_DATA_DIR: dataDir },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  alertsToken = tokenFor("alertmanager", "alerts");
  exportToken = tokenFor("postmortem-bot", "export");
  // The notification receiver: refuses the very first delivery (500), takes the rest.
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (refuseFirst) {
        refuseFirst = false;
        res.writeHead(500).end();
        return;
      }
      received.push({ path: req.url ?? "", body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startAppServer({
    port,
    env: {
      RUNLOG_DATA_DIR: dataDir,
      RUNLOG_RUNBOOKS_DIR: path.join(dir, "runbooks"),
      RUNLOG_NOTIFY: JSON.stringify({
        notifications: {
          firstRetryMs: 100,
          webhooks: [
            { name: "oncall-json", url: `${hooks}/runlog`, format: "runlog" },
            { name: "oncall-chat", url: `${hooks}/chat`, format: "chat" },
          ],
        },
      }),
    },
  });
  am = await startAlertmanager(path.join(dir, "am"), { url: `${base}/api/alerts/alertmanager`, token: alertsToken });
  cookie = await signInCookie(base, "responder");
  adminCookie = await signInCookie(base, "admin");
});
test.afterAll(async () => {
  await am?.stop();
  if (server) await stopAppServer(server);
  receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Listed {
  id: string;
  runbookSlug: string;
  openedBy: string;
}
const incidents = () => callProcedure<Listed[]>(base, "incidents.list", {}, true, cookie);
interface View {
  alerts: { alertname: string; status: string; notifications: number }[];
  events: { type: string }[];
}
const view = (id: string) => callProcedure<View>(base, "incidents.get", { id }, true, cookie);
const kafkaAlert = (extra: Record<string, string> = {}) => ({
  labels: { alertname: "KafkaBrokerDiskFull", namespace: "kafka-prod", instance: "broker-3.example:9092", severity: "critical" },
  annotations: { summary: "Disk 93% full on broker-3" },
  generatorURL: "http://prometheus.example/graph?g0.expr=kafka_disk",
  ...extra,
});

test("an alert through Alertmanager opens the incident on its runbook; repeats add nothing; its end is recorded; the on-call hears of it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  await am.post([{ ...kafkaAlert(), startsAt }]);
  await expect.poll(async () => (await incidents()).filter((i) => i.runbookSlug === "kafka-disk").length, { timeout: 20_000 }).toBe(1);
  const incident = (await incidents()).find((i) => i.runbookSlug === "kafka-disk")!;
  expect(incident.openedBy).toBe("alert KafkaBrokerDiskFull via alertmanager");

  const page = await signedInPage(browser, base, "responder");
  await page.goto(`/incidents/${incident.id}`);
  const alert = page.getByRole("region", { name: "Alert" });
  await expect(alert).toContainText("Alert KafkaBrokerDiskFull");
  await expect(alert.getByLabel("Alert status")).toContainText("firing");
  await expect(alert.getByLabel("Alert labels")).toContainText("namespace=kafka-prod");
  await expect(alert).toContainText("Disk 93% full on broker-3");
  const vars = page.getByRole("region", { name: "Variables" });
  await expect(vars).toContainText("= kafka-prod");
  await expect(vars).toContainText("= broker-3.example");
  await expect(page.getByText("by alert KafkaBrokerDiskFull via alertmanager").first()).toBeVisible();

  // Alertmanager repeats the notification while it fires, and the same alert is posted again:
  // the incident's alert counts them; no second incident.
  await am.post([{ ...kafkaAlert(), startsAt }]);
  await expect.poll(async () => (await view(incident.id)).alerts[0]!.notifications, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  expect((await incidents()).filter((i) => i.runbookSlug === "kafka-disk")).toHaveLength(1);

  // A secret given to the incident never reaches a notification; a status change does.
  await callProcedure(
    base,
    "incidents.setVariable",
    { incidentId: incident.id, name: "KAFKA_ADMIN_PASSWORD", value: SECRET, secret: true },
    false,
    cookie,
  );

  // The alert ends (endsAt in the past): Alertmanager sends "resolved"; the timeline records it.
  await am.post([{ ...kafkaAlert(), startsAt, endsAt: new Date(Date.now() - 1000).toISOString() }]);
  await expect.poll(async () => (await view(incident.id)).events.some((e) => e.type === "alert.resolved"), { timeout: 20_000 }).toBe(true);
  await page.reload();
  await expect(page.getByRole("region", { name: "Alert" }).getByLabel("Alert status")).toContainText("resolved");
  await expect(page.getByText("status: investigating")).toBeVisible();

  // Notifications: incident.opened reached both webhooks (the first delivery was refused with a 500 and retried).
  await expect.poll(() => received.filter((r) => r.body.includes(incident.id)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  const mine = received.filter((r) => r.body.includes(incident.id));
  const json = mine
    .filter((r) => r.path === "/runlog")
    .map((r) => JSON.parse(r.body) as { event: string; actor: string; incident: { url: string } });
  expect(json.find((n) => n.event === "incident.opened")).toMatchObject({
    actor: "alert KafkaBrokerDiskFull via alertmanager",
    incident: { url: `${base}/incidents/${incident.id}` },
  });
  const chat = mine.filter((r) => r.path === "/chat").map((r) => (JSON.parse(r.body) as { text: string }).text);
  expect(chat).toContain(
    `[critical] Kafka broker disk full: Incident opened from runbook kafka-disk (alert KafkaBrokerDiskFull via alertmanager) ${base}/incidents/${incident.id}`,
  );
  for (const r of received) expect(r.body).not.toContain(SECRET);
  interface Delivery {
    eventType: string;
    status: string;
    attempts: number;
  }
  const deliveries = await callProcedure<Delivery[]>(base, "notifications.list", { take: 50 }, true, adminCookie);
  expect(deliveries.some((d) => d.status === "delivered" && d.attempts === 2)).toBe(true);
  // The export shows the alert; a pipeline reads it with an export token (an alerts token gets 403).
  const exported = await fetch(`${base}/incidents/${incident.id}/export?format=json`, {
    headers: { authorization: `Bearer ${exportToken}` },
  });
  expect(exported.status, await exported.clone().text()).toBe(200);
  const pm = (await exported.json()) as {
    alerts: { alertname: string; status: string; labels: Record<string, string>; notifications: number }[];
  };
  expect(pm.alerts).toHaveLength(1);
  expect(pm.alerts[0]).toMatchObject({ alertname: "KafkaBrokerDiskFull", status: "resolved", labels: { namespace: "kafka-prod" } });
  expect(pm.alerts[0]!.notifications).toBeGreaterThanOrEqual(3);
  const wrongScope = await fetch(`${base}/incidents/${incident.id}/export?format=md`, {
    headers: { authorization: `Bearer ${alertsToken}` },
  });
  expect(wrongScope.status).toBe(403);
  const adminPage = await signedInPage(browser, base, "admin");
  await adminPage.goto("/admin/notifications");
  await expect(adminPage.getByRole("table", { name: "Notifications" })).toContainText("incident.opened");
});

test("an alert no runbook names lands in Unrouted alerts, and a responder opens it on a runbook", async ({ browser }) => {
  test.setTimeout(90_000);
  await am.post([
    {
      labels: { alertname: "ZookeeperSessionExpired", namespace: "kafka-prod", instance: "zk-1.example:2181" },
      annotations: { summary: "Sessions expiring on zk-1" },
      startsAt: new Date().toISOString(),
      generatorURL: "http://prometheus.example/graph?g0.expr=zk",
    },
  ]);
  const page = await signedInPage(browser, base, "responder");
  const unrouted = page.getByRole("list", { name: "Unrouted alerts" }).getByRole("listitem", { name: "ZookeeperSessionExpired" });
  await expect
    .poll(
      async () => {
        await page.goto("/");
        return unrouted.count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  await expect(unrouted).toContainText("Sessions expiring on zk-1");
  await unrouted.getByLabel("Runbook for ZookeeperSessionExpired").selectOption("kafka-disk");
  await unrouted.getByRole("button", { name: "Open incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  await expect(page.getByRole("region", { name: "Alert" })).toContainText("Alert ZookeeperSessionExpired");
  await expect(page.getByRole("region", { name: "Variables" })).toContainText("= kafka-prod");
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Unrouted alerts" })).toHaveCount(0);
});
