import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

// The app's own production server as a child process, and calls to its HTTP API, for tests and
// benchmarks that stop, restart or measure the server from outside.

const SERVE_SCRIPT = "scripts/serve.sh";

/** The server's process, and what it printed so far. */
export type AppServer = ChildProcess & { output(): string };

/** The compiled server started as `npm run serve` starts it (scripts/serve.sh, which execs node: its pid is the server's). */
export function startAppServer(opts: {
  port: number;
  env: Record<string, string>;
  nodeArgs?: string[];
  prefix?: string[];
}): Promise<AppServer> {
  // `prefix`: a command that sets the scene and then execs the launcher (same pid), e.g. unshare.
  const [cmd, ...args] = [...(opts.prefix ?? []), "/bin/sh", SERVE_SCRIPT, ...(opts.nodeArgs ?? [])];
  const proc = spawn(cmd!, args, {
    env: { ...process.env, RUNLOG_NODE: process.execPath, PORT: String(opts.port), ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let log = "";
    proc.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("runlog: serving")) resolve(Object.assign(proc, { output: () => log }));
    });
    proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    proc.once("exit", (code) => reject(new Error(`server exited (${code}): ${log}`)));
  });
}

/** What every instance of one test cluster shares: the database, and keys made for it (sessions, secrets, the instances' calls). */
export function clusterSettings(databaseUrl: string) {
  return {
    DATABASE_URL: databaseUrl,
    RUNLOG_AUTH_SECRET: randomBytes(32).toString("hex"),
    RUNLOG_SECRET_KEY: randomBytes(32).toString("hex"),
    RUNLOG_CLUSTER_SECRET: randomBytes(32).toString("hex"),
  };
}

/** One instance of such a cluster: its name, and a data folder of its own under `dir` (`data-<name>`). */
export function startInstance(name: string, port: number, dir: string, shared: Record<string, string>): Promise<AppServer> {
  return startAppServer({ port, env: { ...shared, RUNLOG_DATA_DIR: instanceDataDir(dir, name), RUNLOG_INSTANCE_ID: name } });
}

export const instanceDataDir = (dir: string, name: string) => path.join(dir, `data-${name}`);

export async function stopAppServer(proc: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill(signal);
  await exited;
}

/** A tRPC procedure over HTTP (superjson's `{ json }` envelope) as the session in `cookie`: queries by GET, mutations by POST. */
export async function callProcedure<T>(base: string, procedure: string, input: unknown, query = false, cookie = ""): Promise<T> {
  const res = query
    ? await fetch(`${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } })
    : await fetch(`${base}/api/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, cookie },
        body: JSON.stringify({ json: input }),
      });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}
