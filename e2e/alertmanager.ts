import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { answersOk, startChildServer } from "../server/testing/child-server";
import { freePort } from "./ports";

// Debian's Prometheus Alertmanager, started by the test on loopback: a temp config that routes
// every alert to Runlog's webhook with a bearer token, clustering off, state in a temp folder.

export const ALERTMANAGER_BIN = "/usr/bin/prometheus-alertmanager";

export interface Alertmanager {
  url: string;
  post(alerts: unknown[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startAlertmanager(dir: string, webhook: { url: string; token: string }): Promise<Alertmanager> {
  mkdirSync(path.join(dir, "data"), { recursive: true });
  const config = path.join(dir, "alertmanager.yml");
  // One group per alert (by fingerprint-like labels), sent at once, and again every 2 s while it fires: a repeat is seen quickly.
  writeFileSync(
    config,
    [
      "route:",
      "  receiver: runlog",
      "  group_by: [alertname, instance]",
      "  group_wait: 0s",
      "  group_interval: 1s",
      "  repeat_interval: 2s",
      "receivers:",
      "  - name: runlog",
      "    webhook_configs:",
      `      - url: ${webhook.url}`,
      "        send_resolved: true",
      "        http_config:",
      "          authorization:",
      "            type: Bearer",
      `            credentials: ${webhook.token}`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startChildServer(
    "alertmanager",
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    answersOk(`${url}/-/ready`),
    15_000,
  );
  return {
    url,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    stop: () => server.stop(),
  };
}
