import type { ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createAccounts, signInCookie } from "../e2e/accounts";
import { clusterSettings, instanceDataDir, startInstance, stopAppServer } from "../e2e/app-server";
import { freePort } from "../e2e/ports";
import { startPostgresCluster } from "../server/testing/postgres-cluster";
import { commandIds, consume, liveLatency, percentile, round, RUNBOOK, trpc, type Server } from "./stream";

// Across instances: PostgreSQL and two real server processes (a and b). A run on a is watched
// from a and from b at once; notes added on a arrive as server-sent events on b.

const MB = 1024 * 1024;

export async function benchCluster(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-bench-cluster-"));
  await chmod(dir, 0o711);
  const pg = await startPostgresCluster(path.join(dir, "pg"));
  const procs: ChildProcess[] = [];
  try {
    await writeFile(path.join(dir, "bench.md"), RUNBOOK);
    const shared = { ...clusterSettings(pg.createDatabase("runlog")), RUNLOG_RUNBOOKS_DIR: dir };
    const servers: Server[] = [];
    for (const name of ["a", "b"]) {
      const port = await freePort();
      procs.push(await startInstance(name, port, dir, shared));
      if (name === "a") createAccounts(instanceDataDir(dir, name), ["responder"], { DATABASE_URL: shared.DATABASE_URL });
      servers.push({
        base: `127.0.0.1:${port}`,
        proc: procs.at(-1)!,
        dir,
        cookie: await signInCookie(`http://127.0.0.1:${port}`, "responder"),
      });
    }
    const [a, b] = servers as [Server, Server];
    const { id: incidentId } = await trpc<{ id: string }>(a, "incidents.create", { runbookSlug: "bench" });
    const ids = await commandIds(a, incidentId);

    // One run on a, one viewer on a and one on b, both from the start: each one's throughput.
    const { runId } = await trpc<{ runId: string }>(a, "runs.start", {
      incidentId,
      commandId: ids.stream,
      cols: 120,
      rows: 24,
      confirmed: "mutating",
    });
    const t = performance.now();
    const timed = (s: Server) => consume(s, runId).then((r) => ({ ...r, ms: performance.now() - t }));
    const [onA, onB] = await Promise.all([timed(a), timed(b)]);
    const rate = (r: { bytes: number; ms: number }) => r.bytes / MB / (r.ms / 1000);
    if (onB.bytes < onA.bytes * 0.99) throw new Error(`The viewer on b got ${onB.bytes} bytes, the one on a ${onA.bytes}.`);

    // Flow control paces a run to its slowest viewer, so the same run gives both the same rate:
    // alone, a run watched only from a against one watched only from b shows what the hop costs.
    const alone = async (viewer: Server) => {
      const run = await trpc<{ runId: string }>(a, "runs.start", {
        incidentId,
        commandId: ids.stream,
        cols: 120,
        rows: 24,
        confirmed: "mutating",
      });
      const t0 = performance.now();
      const r = await consume(viewer, run.runId);
      return { ...r, ms: performance.now() - t0 };
    };
    const aloneA = await alone(a);
    const aloneB = await alone(b);

    const live = await liveLatency(b, incidentId, 200, a);
    return {
      cross_instance_viewer_a_mb_s: round(rate(onA)),
      cross_instance_viewer_b_mb_s: round(rate(onB)),
      cross_instance_stream_ratio: round(rate(onB) / rate(onA)),
      alone_viewer_a_mb_s: round(rate(aloneA)),
      alone_viewer_b_mb_s: round(rate(aloneB)),
      cross_instance_alone_ratio: round(rate(aloneB) / rate(aloneA)),
      cross_instance_event_p50_ms: round(percentile(live, 50)),
      cross_instance_event_p99_ms: round(percentile(live, 99)),
    };
  } finally {
    for (const p of procs) if (p.exitCode === null) await stopAppServer(p);
    pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
