import http from "node:http";
import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../auth/api-tokens";
import { alertmanagerWebhook, ALERTMANAGER_PATH } from "../http/alert-webhook";
import { getIncident } from "../incidents/get-incident";
import { readEvents } from "../timeline/read-events";
import { tempEnv, type TempEnv } from "../testing/temp-db";

const KAFKA = [
  "---",
  "alerts: [KafkaBrokerDiskFull]",
  "variables:",
  "  NAMESPACE: { from: labels.namespace }",
  "  BROKER_HOST: { from: labels.instance, pattern: '^([^:]+)' }",
  "  SUMMARY: { from: annotations.summary }",
  "---",
  "# Kafka broker disk full",
  "**Severity:** High",
  "## Look",
  "```bash",
  'df -h /var/lib/kafka; echo "$NAMESPACE $BROKER_HOST $SUMMARY"',
  "```",
].join("\n");
const GROUPED = ["---", "alerts: [NodeDown]", "group: true", "---", "# Nodes down", "## Look", "```bash", "uptime", "```"].join("\n");

let env: TempEnv;
let server: http.Server;
let url: string;
let token: string;
let exportToken: string;

beforeAll(async () => {
  env = await tempEnv();
  const runbooks = path.join(env.dir, "runbooks");
  await mkdir(runbooks);
  await writeFile(path.join(runbooks, "kafka.md"), KAFKA);
  await writeFile(path.join(runbooks, "nodes.md"), GROUPED);
  env.cfg = { ...env.cfg, runbooksDir: runbooks };
  token = await createToken(env.prisma, { name: "am-test", scope: "alerts", createdBy: "test" });
  exportToken = await createToken(env.prisma, { name: "exporter", scope: "export", createdBy: "test" });
  const handler = alertmanagerWebhook(() => env.prisma, env.cfg);
  server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ALERTMANAGER_PATH}`;
});
afterAll(async () => {
  server?.close();
  await env.cleanup();
});

const alert = (
  over: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    status?: string;
    fingerprint?: string;
    endsAt?: string;
  } = {},
) => ({
  status: over.status ?? "firing",
  labels: {
    alertname: "KafkaBrokerDiskFull",
    namespace: "kafka-prod",
    instance: "broker-3.example:9092",
    severity: "critical",
    ...over.labels,
  },
  annotations: { summary: "Disk almost full on broker-3", ...over.annotations },
  startsAt: "2026-12-01T03:00:00.000Z",
  endsAt: over.endsAt ?? "0001-01-01T00:00:00Z",
  generatorURL: "http://prometheus.example/graph?g0.expr=disk",
  fingerprint: over.fingerprint ?? "a1b2c3d4e5f60001",
});
const payload = (alerts: unknown[], over: Record<string, unknown> = {}) => ({
  receiver: "runlog",
  status: "firing",
  alerts,
  groupLabels: { alertname: "KafkaBrokerDiskFull" },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: "http://alertmanager.example:9093",
  version: "4",
  groupKey: '{}:{alertname="KafkaBrokerDiskFull"}',
  truncatedAlerts: 0,
  ...over,
});
async function post(body: unknown, auth: string | null = `Bearer ${token}`) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { opened?: string[]; error?: { message: string } } };
}
const stored = async () => ({ notifications: await env.prisma.alertNotification.count(), alerts: await env.prisma.alert.count() });

describe("Alertmanager's webhook", () => {
  it("opens an incident on the runbook naming the alert, variables from labels, the alert as the actor", async () => {
    const res = await post(payload([alert()]));
    expect(res.status).toBe(200);
    expect(res.body.opened).toHaveLength(1);
    const view = (await getIncident(env.prisma, res.body.opened![0]!))!;
    expect(view.incident).toMatchObject({ runbookSlug: "kafka", severity: "critical", openedBy: "alert KafkaBrokerDiskFull via am-test" });
    expect(view.variables.map((v) => [v.name, v.value])).toEqual([
      ["BROKER_HOST", "broker-3.example"],
      ["NAMESPACE", "kafka-prod"],
      ["SUMMARY", "Disk almost full on broker-3"],
    ]);

    // The same alert again: nothing new but the time it was last seen firing.
    const again = await post(payload([alert()]));
    expect(again.body).toMatchObject({ opened: [], updated: 1 });
    const row = await env.prisma.alert.findFirstOrThrow({ where: { fingerprint: "a1b2c3d4e5f60001" } });
    expect(row.notifications).toBe(2);
    expect(await env.prisma.incident.count({ where: { runbookSlug: "kafka" } })).toBe(1);

    // It ends, then fires again: both on the timeline; the incident stays open for a person.
    await post(payload([alert({ status: "resolved", endsAt: "2026-12-01T03:20:00.000Z" })], { status: "resolved" }));
    await post(payload([alert()]));
    const types = (await readEvents(env.prisma, view.incident.id)).map((e) => `${e.type} ${e.actor}`);
    expect(types.filter((t) => t.startsWith("alert.") || t.startsWith("incident."))).toEqual([
      "incident.opened alert KafkaBrokerDiskFull via am-test",
      "alert.resolved runlog",
      "alert.refired runlog",
    ]);
    expect((await env.prisma.incident.findUniqueOrThrow({ where: { id: view.incident.id } })).status).toBe("investigating");
  });

  it("a value that cannot be a variable is not set, and the timeline says why", async () => {
    const res = await post(
      payload([alert({ fingerprint: "a1b2c3d4e5f60002", annotations: { summary: "two\nlines" }, labels: { instance: "no-port" } })]),
    );
    const id = res.body.opened![0]!;
    const view = (await getIncident(env.prisma, id))!;
    expect(view.variables.map((v) => v.name)).toEqual(["BROKER_HOST", "NAMESPACE"]);
    expect(view.variables.find((v) => v.name === "BROKER_HOST")?.value).toBe("no-port");
    const notes = view.events.flatMap((e) => (e.type === "note.added" ? [e.payload.text] : []));
    expect(notes).toEqual([
      "$SUMMARY was not set from the alert: annotations.summary holds control characters (a newline, a tab): not a value to run with. Set it by hand.",
    ]);
  });

  it("one incident per group for a runbook that says group: true; an unknown alertname is kept unrouted", async () => {
    const node = (fp: string, host: string) => alert({ fingerprint: fp, labels: { alertname: "NodeDown", instance: host } });
    const grouped = { groupKey: '{}:{alertname="NodeDown"}', groupLabels: { alertname: "NodeDown" } };
    const first = await post(payload([node("b000000000000001", "n1"), node("b000000000000002", "n2")], grouped));
    expect(first.body.opened).toHaveLength(1);
    await post(payload([node("b000000000000003", "n3")], grouped));
    expect(await env.prisma.incident.count({ where: { runbookSlug: "nodes" } })).toBe(1);

    const unknown = await post(payload([alert({ fingerprint: "c000000000000001", labels: { alertname: "SomethingNew" } })]));
    expect(unknown.body).toMatchObject({ opened: [], unrouted: 1 });
    expect(await env.prisma.alert.findFirst({ where: { alertname: "SomethingNew" } })).toMatchObject({
      incidentId: null,
      status: "firing",
    });
  });

  it("refuses bad input with a clear 4xx and stores nothing", async () => {
    const before = await stored();
    const ours = `Bearer ${token}`;
    const cases: { body: unknown; auth: string | null; status: number; message: RegExp }[] = [
      { body: payload([alert()]), auth: null, status: 401, message: /bearer token is needed/ },
      { body: payload([alert()]), auth: "Bearer rlt_not-a-real-token-at-all", status: 401, message: /not valid/ },
      { body: payload([alert()]), auth: `Bearer ${exportToken}`, status: 403, message: /scope is export; this needs alerts/ },
      { body: "{not json", auth: ours, status: 400, message: /not JSON/ },
      { body: payload([alert()], { version: "3" }), auth: ours, status: 400, message: /version "4"/ },
      { body: payload([alert()], { extra: 1 }), auth: ours, status: 400, message: /Unrecognized key/i },
      {
        body: payload([alert({ labels: { namespace: "a\nb" } })]),
        auth: ours,
        status: 400,
        message: /alerts\.0\.labels\.namespace: A label value cannot hold control characters/,
      },
      {
        body: payload([alert({ labels: { namespace: "x".repeat(10 * 1024) } })]),
        auth: ours,
        status: 400,
        message: /at most 1024 characters/,
      },
      { body: payload([]), auth: ours, status: 400, message: /alerts/ },
    ];
    for (const c of cases) {
      const res = await post(c.body, c.auth);
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.body.error?.message).toMatch(c.message);
    }
    // 2 MiB: refused from its Content-Length, before it is read.
    const big = await post(JSON.stringify(payload([alert({ annotations: { description: "x".repeat(2 * 1024 * 1024) } })])));
    expect(big.status).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    expect(await stored()).toEqual(before);
  });
});
