import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createAccounts, signInCookie } from "../e2e/accounts";
import { ALERTMANAGER_BIN, startAlertmanager } from "../e2e/alertmanager";
import { callProcedure, startAppServer, stopAppServer } from "../e2e/app-server";
import { freePort } from "../e2e/ports";

const ALERTS = 20;
const RUNBOOK = ["---", "alerts: [BenchDiskFull]", "---", "# Bench disk full", "## Look", "```bash", "df -h", "```", ""].join("\n");

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `alert_to_incident_ms`: an alert posted to Alertmanager's own API (Debian's, on loopback) until
 * its incident is listed by Runlog's API, one alert at a time, p50 over 20. It includes
 * Alertmanager's dispatch (group_wait 0s) and the webhook round trip.
 */
export async function benchAlerts(): Promise<Record<string, number>> {
  if (!existsSync(ALERTMANAGER_BIN)) {
    console.error(`bench: ${ALERTMANAGER_BIN} is missing (apt-get install prometheus-alertmanager); alert figures skipped`);
    return {};
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-bench-alerts-"));
  await chmod(dir, 0o711);
  await writeFile(path.join(dir, "bench-disk.md"), RUNBOOK);
  const dataDir = path.join(dir, "data");
  createAccounts(dataDir, ["responder"]);
  const token = execFileSync(process.execPath, ["--import", "tsx", "server/cli/main.ts", "token", "add", "bench", "--scope", "alerts"], {
    env: { ...process.env, RUNLOG_DATA_DIR: dataDir },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startAppServer({ port, env: { RUNLOG_DATA_DIR: dataDir, RUNLOG_RUNBOOKS_DIR: dir } });
  const am = await startAlertmanager(path.join(dir, "am"), { url: `${base}/api/alerts/alertmanager`, token });
  try {
    const cookie = await signInCookie(base, "responder");
    const count = async () => (await callProcedure<unknown[]>(base, "incidents.list", {}, true, cookie)).length;
    const times: number[] = [];
    for (let i = 0; i < ALERTS; i++) {
      const before = await count();
      const start = performance.now();
      await am.post([
        { labels: { alertname: "BenchDiskFull", instance: `node-${i}:9100` }, annotations: {}, startsAt: new Date().toISOString() },
      ]);
      while ((await count()) === before) {
        if (performance.now() - start > 30_000) throw new Error(`alert ${i} opened no incident within 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - start);
    }
    return { alert_to_incident_ms: Math.round(p50(times) * 10) / 10, alert_to_incident_max_ms: Math.round(Math.max(...times)) };
  } finally {
    await am.stop();
    await stopAppServer(server);
    await rm(dir, { recursive: true, force: true });
  }
}
