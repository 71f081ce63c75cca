import { createServer } from "node:http";
import { freePort } from "../ports";
import { startPostgresCluster } from "../../server/testing/postgres-cluster";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

// Real PostgreSQL and Redis for the seed drill: Debian's servers, started in a temp folder on
// 127.0.0.1 with free ports (no systemd), seeded with a small corporate-intel database.

export const TABLES = ["companies", "filings", "analysts"] as const;

export interface Service {
  port: number;
  stop(): void;
}

export async function startPostgres(dir: string): Promise<Service> {
  const pg = await startPostgresCluster(dir);
  pg.createDatabase("corporate_intel");
  pg.psql(
    "corporate_intel",
    `CREATE TABLE companies (id serial PRIMARY KEY, name text NOT NULL, ticker text);
     CREATE TABLE filings (id serial PRIMARY KEY, company_id int REFERENCES companies(id), kind text, filed_on date);
     CREATE TABLE analysts (id serial PRIMARY KEY, name text, coverage text);
     INSERT INTO companies (name, ticker) VALUES ('Acme Corp', 'ACME'), ('Globex', 'GBX'), ('Initech', 'INTC');
     INSERT INTO filings (company_id, kind, filed_on) VALUES (1, '10-K', '2026-02-01'), (2, '10-Q', '2026-05-01'), (3, '8-K', '2026-08-15');
     INSERT INTO analysts (name, coverage) VALUES ('R. Ortiz', 'industrials'), ('M. Chen', 'software');`,
  );
  return { port: pg.port, stop: () => pg.stop() };
}

export async function startRedis(dataDir: string, runDir: string): Promise<Service> {
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  const pidfile = path.join(runDir, "redis.pid");
  execFileSync("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dataDir,
    "--dbfilename",
    "dump.rdb",
    "--daemonize",
    "yes",
    "--pidfile",
    pidfile,
    "--logfile",
    path.join(runDir, "redis.log"),
    "--save",
    "",
  ]);
  const cli = (...args: string[]) => execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8" });
  // Wait until it answers, then give it something to save.
  for (let i = 0; i < 50 && !safe(() => cli("PING")).includes("PONG"); i++) await new Promise((r) => setTimeout(r, 100));
  cli("SET", "session:42", "analyst=R. Ortiz");
  cli("HSET", "ticker:ACME", "price", "101.5", "volume", "12000");
  return {
    port,
    stop: () => void spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), "shutdown", "nosave"], { stdio: "ignore" }),
  };
}

function safe(f: () => string): string {
  try {
    return f();
  } catch {
    return "";
  }
}

export { freePort };

/**
 * Prometheus's query API as far as the runbook uses it (`backup_last_success_timestamp_seconds`),
 * on a free loopback port: the drill has no Prometheus, and its first step asks one.
 */
export async function startPrometheusStandIn(lastBackupAt: Date): Promise<Service> {
  const port = await freePort();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://prometheus");
    if (url.pathname !== "/api/v1/query" || url.searchParams.get("query") !== "backup_last_success_timestamp_seconds") {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ status: "error", error: "unknown query" }));
      return;
    }
    const now = Date.now() / 1000;
    const result = ["postgres", "redis", "minio"].map((job) => ({
      metric: { __name__: "backup_last_success_timestamp_seconds", job: `${job}-backup` },
      value: [now, String(Math.floor(lastBackupAt.getTime() / 1000))],
    }));
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "success", data: { resultType: "vector", result } }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, stop: () => void server.close() };
}
