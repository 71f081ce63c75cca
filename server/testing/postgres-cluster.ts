import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { freePort } from "./free-port";

// Debian's PostgreSQL, started in a temp folder on 127.0.0.1 with a free port (no systemd), as
// the user `postgres` (initdb refuses root). For tests, the drill and the migration writer.

export function pgBin(tool: string): string {
  const root = "/usr/lib/postgresql";
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (!version) throw new Error("PostgreSQL is not installed (npm run test:e2e installs it: scripts/ensure-test-tools.ts)");
  return path.join(root, version, "bin", tool);
}
export const postgresInstalled = () => {
  try {
    return existsSync(pgBin("pg_ctl"));
  } catch {
    return false;
  }
};

const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0
    ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" })
    : execFileSync(cmd, args, { stdio: "pipe" });

export interface PostgresCluster {
  port: number;
  /** A connection URL to one database of the cluster, as the superuser. */
  url(database: string): string;
  /** SQL through psql (ON_ERROR_STOP), for set-up. */
  psql(database: string, sql: string): string;
  createDatabase(name: string): string;
  stop(): void;
}

/** `dir` is made for it; its parent folders must be passable by the `postgres` user. */
export async function startPostgresCluster(dir: string): Promise<PostgresCluster> {
  const port = await freePort();
  const data = path.join(dir, "pgdata");
  mkdirSync(dir, { recursive: true });
  // The server runs as `postgres`: it must reach its folder.
  chmodSync(dir, 0o777);
  asPostgres(pgBin("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  asPostgres(pgBin("pg_ctl"), [
    "-D",
    data,
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    "-l",
    path.join(dir, "postgres.log"),
    "-w",
    "start",
  ]);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const psql = (database: string, sql: string) =>
    execFileSync(
      "psql",
      ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-c", sql],
      {
        encoding: "utf8",
        stdio: "pipe",
      },
    );
  return {
    port,
    url,
    psql,
    createDatabase(name) {
      psql("postgres", `CREATE DATABASE "${name}";`);
      return url(name);
    },
    stop() {
      const args = ["-D", data, "-m", "fast", "-w", "stop"];
      if (process.getuid?.() === 0) spawnSync("runuser", ["-u", "postgres", "--", pgBin("pg_ctl"), ...args], { stdio: "ignore" });
      else spawnSync(pgBin("pg_ctl"), args, { stdio: "ignore" });
    },
  };
}
