import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as pty from "node-pty";
import type WebSocket from "ws";
import { createAccounts, signInCookie } from "../e2e/accounts";
import { startAppServer, stopAppServer } from "../e2e/app-server";
import { startSshd } from "../server/testing/sshd";
import { commandIds, consume, ECHO, echoTimes, percentile, rawPty, round, STREAM, trpc, type Server } from "./stream";

// The same stream and echo as `--only stream`, but the commands run on an SSH target: Debian's
// sshd on loopback, reached by the server's ssh -tt in its pty. Against the raw local pty, and
// (for what ssh itself costs) a bare `ssh -tt` in a node-pty with no Runlog around it.

const MB = 1024 * 1024;
const RUNBOOK = [
  "# Bench",
  "## Stream",
  "```bash {target=bench-ssh}",
  STREAM,
  "```",
  "## Flood",
  "```bash {target=bench-ssh}",
  "true",
  "```",
  "## Echo",
  "```bash {target=bench-ssh}",
  ECHO,
  "```",
  "",
].join("\n");

export async function benchSshStream(port = 3297) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-bench-ssh-"));
  await chmod(dir, 0o711);
  const sshd = await startSshd(path.join(dir, "sshd"));
  let server: Server | null = null;
  try {
    await writeFile(path.join(dir, "bench.md"), RUNBOOK);
    const dataDir = path.join(dir, "data");
    createAccounts(dataDir, ["responder"]);
    const address = `${sshd.user}@127.0.0.1:${sshd.port}`;
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "server/cli/main.ts",
        "target",
        "add",
        "bench-ssh",
        "--ssh",
        address,
        "--key-file",
        sshd.clientKey,
        "--fingerprint",
        sshd.fingerprint(),
      ],
      { env: { ...process.env, RUNLOG_DATA_DIR: dataDir }, stdio: ["ignore", "ignore", "inherit"] },
    );
    const bareSsh = await rawPty(
      `ssh -tt -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -i ${sshd.clientKey} -p ${sshd.port} ${sshd.user}@127.0.0.1 '${STREAM}'`,
    );
    const bareSshMbS = bareSsh.bytes / MB / (bareSsh.ms / 1000);

    const proc = await startAppServer({ port, env: { RUNLOG_DATA_DIR: dataDir, RUNLOG_RUNBOOKS_DIR: dir } });
    server = { base: `127.0.0.1:${port}`, proc, dir, cookie: await signInCookie(`http://127.0.0.1:${port}`, "responder") };
    const s = server;
    const { id: incidentId } = await trpc<{ id: string }>(s, "incidents.create", { runbookSlug: "bench" });
    const ids = await commandIds(s, incidentId);
    const start = (commandId: string) =>
      trpc<{ runId: string; runnerToken: string }>(s, "runs.start", { incidentId, commandId, cols: 120, rows: 24, confirmed: "mutating" });

    // The raw figure right before the run it is compared with: this machine's speed drifts.
    const raw = await rawPty(STREAM);
    const rawMbS = raw.bytes / MB / (raw.ms / 1000);
    const t = performance.now();
    const streamed = await consume(s, (await start(ids.stream)).runId);
    const sshMbS = streamed.bytes / MB / ((performance.now() - t) / 1000);
    if (streamed.bytes < raw.bytes * 0.9)
      throw new Error(`The run on the target printed ${streamed.bytes} bytes of ${raw.bytes}: it failed.`);

    const echoRun = await start(ids.echo);
    let sock: WebSocket | null = null;
    const listeners: ((d: string) => void)[] = [];
    const ended = consume(
      s,
      echoRun.runId,
      echoRun.runnerToken,
      (d) => listeners.forEach((l) => l(Buffer.from(d).toString())),
      (ws) => (sock = ws),
    );
    while (!sock) await new Promise((r) => setTimeout(r, 10));
    // The shell on the target is ready once its bootstrap has read the command: wait for the first echo.
    const viaSsh = await echoTimes(
      (ch) => sock!.send(JSON.stringify({ type: "input", data: ch })),
      (cb) => listeners.push(cb),
      300,
    );
    await trpc(s, "runs.stop", { incidentId, runId: echoRun.runId });
    await ended;
    const rawEcho = await new Promise<number[]>((resolve) => {
      const p = pty.spawn("/bin/bash", ["--noprofile", "--norc", "-c", ECHO], {
        cols: 80,
        rows: 24,
        env: { PATH: process.env.PATH ?? "" },
      });
      const cbs: ((d: string) => void)[] = [];
      p.onData((d) => cbs.forEach((c) => c(d)));
      void echoTimes(
        (ch) => p.write(ch),
        (cb) => cbs.push(cb),
        300,
      ).then((times) => {
        p.kill();
        resolve(times);
      });
    });
    return {
      raw_pty_mb_s: round(rawMbS),
      bare_ssh_mb_s: round(bareSshMbS),
      ssh_stream_mb_s: round(sshMbS),
      ssh_stream_ratio: round(sshMbS / rawMbS),
      ssh_echo_p50_ms: round(percentile(viaSsh, 50)),
      ssh_echo_p99_ms: round(percentile(viaSsh, 99)),
      raw_echo_p99_ms: round(percentile(rawEcho, 99)),
    };
  } finally {
    if (server) await stopAppServer(server.proc);
    await sshd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
