import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createAccounts, signInCookie } from "../e2e/accounts";
import { startAppServer, stopAppServer } from "../e2e/app-server";
import { startSshd } from "../server/testing/sshd";
import { addSshTargetByCli } from "../e2e/target-cli";
import {
  commandIds,
  ECHO,
  echoThroughRun,
  leanConsume,
  percentile,
  rawEchoTimes,
  rawPty,
  round,
  STREAM,
  trpc,
  type Server,
} from "./stream";

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
    addSshTargetByCli(dataDir, "bench-ssh", sshd);
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
    const streamed = await leanConsume(s, async () => (await start(ids.stream)).runId);
    const sshMbS = streamed.bytes / MB / (streamed.ms / 1000);
    if (streamed.bytes < raw.bytes * 0.9)
      throw new Error(`The run on the target printed ${streamed.bytes} bytes of ${raw.bytes}: it failed.`);

    const viaSsh = await echoThroughRun(s, incidentId, await start(ids.echo));
    const rawEcho = await rawEchoTimes();
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
