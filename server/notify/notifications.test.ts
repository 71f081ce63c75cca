import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "../incidents/change-status";
import { createIncident } from "../incidents/create-incident";
import { setVariable } from "../incidents/set-variable";
import { addNote } from "../incidents/add-note";
import { loadRunbook } from "../runbooks/catalog";
import { secretBox } from "../secrets/secret-box";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitFor } from "../testing/wait-for";
import { startNotificationDelivery, retryDelay } from "./deliver-notifications";
import { notificationJsonSchema } from "./notification-json-schema";
import { readNotifyConfig } from "./notify-config";
import { setNotificationTargets } from "./outbox";

const SECRET = "s3cret-token-value-0042";

interface Received {
  path: string;
  body: string;
}
let env: TempEnv;
let receiver: http.Server;
const received: Received[] = [];
let failNext = 0;
let base: string;

beforeAll(async () => {
  env = await tempEnv();
  await writeFile(
    path.join(env.dir, "n.md"),
    ["# Notified", "**Severity:** critical", "## Look", "```bash", 'echo "$API_TOKEN"', "```"].join("\n"),
  );
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end("try later");
        return;
      }
      received.push({ path: req.url ?? "", body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.close();
  await env.cleanup();
});

describe("outgoing notifications", () => {
  it("reads its settings from YAML or RUNLOG_NOTIFY, and says what is wrong", async () => {
    const file = path.join(env.dir, "runlog.config.yaml");
    await writeFile(
      file,
      `notifications:\n  webhooks:\n    - name: chat\n      url: ${base}/chat\n      format: chat\n      events: [incident.opened]\n`,
    );
    expect(readNotifyConfig({ RUNLOG_CONFIG_FILE: file }).webhooks).toEqual([
      { name: "chat", url: `${base}/chat`, format: "chat", events: ["incident.opened"], headers: {} },
    ]);
    expect(readNotifyConfig({ RUNLOG_CONFIG_FILE: path.join(env.dir, "none.yaml") }).webhooks).toEqual([]);
    expect(() => readNotifyConfig({ RUNLOG_NOTIFY: '{"notifications":{"webhooks":[{"name":"x","url":"ftp://a"}]}}' })).toThrow(
      "RUNLOG_NOTIFY: notifications.webhooks.0.url: url must be an http(s) URL",
    );
    expect(() =>
      readNotifyConfig({ RUNLOG_NOTIFY: '{"notifications":{"webhooks":[{"name":"x","url":"http://a","events":["note.added"]}]}}' }),
    ).toThrow(/notifications\.webhooks\.0\.events\.0/);
    expect(() => readNotifyConfig({ RUNLOG_NOTIFY: "{nope" })).toThrow("RUNLOG_NOTIFY cannot be read");
    expect(retryDelay(1000, 1)).toBe(1000);
    expect(retryDelay(1000, 4)).toBe(8000);
    expect(retryDelay(1000, 30)).toBe(300_000);
  });

  it("queues with the event, delivers both formats, retries after a 500, never carries a secret", async () => {
    // A port nobody listens on: taken, then let go.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    setNotificationTargets(
      readNotifyConfig({
        RUNLOG_NOTIFY: JSON.stringify({
          notifications: {
            firstRetryMs: 50,
            attempts: 3,
            webhooks: [
              { name: "runlog", url: `${base}/runlog`, format: "runlog", headers: { "X-Receiver-Key": "k1" } },
              { name: "chat", url: `${base}/chat`, format: "chat", events: ["incident.opened", "status.changed"] },
              { name: "down", url: `http://127.0.0.1:${deadPort}/never`, format: "runlog", events: ["incident.opened"] },
            ],
          },
        }),
      }),
      "https://runlog.example",
    );
    const delivery = startNotificationDelivery(env.prisma);
    try {
      failNext = 1; // the first delivery attempt is refused
      const loaded = (await loadRunbook(env.dir, "n"))!;
      const { id } = await createIncident(env.prisma, loaded, "alice");
      await setVariable(env.prisma, "alice", { incidentId: id, name: "API_TOKEN", value: SECRET, secret: true }, secretBox(env.cfg));
      await addNote(env.prisma, "alice", { incidentId: id, text: "not notified" });
      await changeStatus(env.prisma, "bob", { incidentId: id, status: "identified" });
      await waitFor(
        async () => (await env.prisma.notification.count({ where: { incidentId: id, status: { in: ["delivered", "failed"] } } })) === 5,
        "all five settled",
        20_000,
      );

      const rows = await env.prisma.notification.findMany({
        where: { incidentId: id },
        orderBy: [{ createdAt: "asc" }, { target: "asc" }],
      });
      expect(rows.map((r) => [r.eventType, r.target, r.status])).toEqual(
        expect.arrayContaining([
          ["incident.opened", "runlog", "delivered"],
          ["incident.opened", "chat", "delivered"],
          ["incident.opened", "down", "failed"],
          ["status.changed", "runlog", "delivered"],
          ["status.changed", "chat", "delivered"],
        ]),
      );
      expect(rows.find((r) => r.target === "down")).toMatchObject({ attempts: 3, lastError: "ECONNREFUSED" });
      // One of the deliveries was refused once and went through on its second try.
      expect(rows.filter((r) => r.attempts === 2 && r.status === "delivered")).toHaveLength(1);

      const mine = received.filter((r) => r.body.includes(id));
      expect(mine).toHaveLength(4);
      for (const r of mine) expect(r.body).not.toContain(SECRET);
      const chat = mine.filter((r) => r.path === "/chat").map((r) => JSON.parse(r.body) as { text: string });
      expect(chat.map((c) => c.text)).toEqual(
        expect.arrayContaining([
          `[critical] Notified: Incident opened from runbook n (alice) https://runlog.example/incidents/${id}`,
          `[critical] Notified: Status investigating → identified (bob) https://runlog.example/incidents/${id}`,
        ]),
      );
      const ours = mine.filter((r) => r.path === "/runlog").map((r) => JSON.parse(r.body) as Record<string, unknown>);
      const published = readFileSync(path.resolve("public/notification.schema.json"), "utf8");
      expect(published, "run npm run schema:postmortem").toBe(notificationJsonSchema());
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(published));
      for (const n of ours) expect(validate(n), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...ours[0], event: "note.added" })).toBe(false);
      expect(ours.find((n) => n.event === "status.changed")).toMatchObject({
        actor: "bob",
        incident: { id, status: "identified", severity: "critical", url: `https://runlog.example/incidents/${id}` },
        details: { from: "investigating", to: "identified" },
      });
    } finally {
      delivery.stop();
      await delivery.drain();
    }
  }, 30_000);

  it("survives a restart: what was queued while nobody delivered, or claimed by a sender that died, goes out", async () => {
    setNotificationTargets(
      readNotifyConfig({
        RUNLOG_NOTIFY: JSON.stringify({
          notifications: { webhooks: [{ name: "later", url: `${base}/later`, events: ["status.changed"] }] },
        }),
      }),
      "https://runlog.example",
    );
    const loaded = (await loadRunbook(env.dir, "n"))!;
    const { id } = await createIncident(env.prisma, loaded, "alice");
    // No worker running (the server is down): queued in the event's transaction all the same.
    await changeStatus(env.prisma, "bob", { incidentId: id, status: "identified" });
    await changeStatus(env.prisma, "bob", { incidentId: id, status: "mitigated" });
    const queued = await env.prisma.notification.findMany({ where: { incidentId: id } });
    expect(queued.map((n) => n.status)).toEqual(["pending", "pending"]);
    // One was being sent when its sender died: its claim has lapsed.
    await env.prisma.notification.update({
      where: { id: queued[0]!.id },
      data: { status: "sending", leaseUntil: new Date(Date.now() - 1) },
    });
    const delivery = startNotificationDelivery(env.prisma);
    try {
      await waitFor(
        async () => (await env.prisma.notification.count({ where: { incidentId: id, status: "delivered" } })) === 2,
        "both delivered",
      );
      expect(received.filter((r) => r.path === "/later" && r.body.includes(id))).toHaveLength(2);
    } finally {
      delivery.stop();
      await delivery.drain();
    }
  });
});
