import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { postgresInstalled, startPostgresCluster } from "../server/testing/postgres-cluster";
import { getIncident } from "../server/incidents/get-incident";
import { parseContent } from "../server/runbooks/catalog";
import { createIncident } from "../server/incidents/create-incident";
import { tempEnv } from "../server/testing/temp-db";
import { appendEvent } from "../server/timeline/append-event";

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/**
 * Appending timeline events one by one, and the server's work for the incident page of an
 * incident with 10,000 events: on the embedded SQLite database, or on the database `overrides`
 * name (`DATABASE_URL`).
 */
export async function benchTimeline(overrides: Record<string, string> = {}) {
  const env = await tempEnv(overrides);
  try {
    const content = "# Bench\n## S\n```bash\necho $X\n```\n";
    const { id } = await createIncident(env.prisma, { slug: "b", file: "b.md", content, ...(await parseContent(content)) }, "bench");
    const times: number[] = [];
    for (let i = 1; i < 10_000; i++) {
      const t = performance.now();
      await appendEvent(env.prisma, {
        incidentId: id,
        actor: "bench",
        body: { type: "note.added", payload: { text: `note ${i}: disk usage at ${i % 100}%` } },
      });
      times.push(performance.now() - t);
    }
    await getIncident(env.prisma, id); // warm
    const page: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await getIncident(env.prisma, id);
      page.push(performance.now() - t);
    }
    return {
      timeline_append_p50_ms: round(percentile(times, 50)),
      timeline_append_p99_ms: round(percentile(times, 99)),
      timeline_10k_ms: round(percentile(page, 50)),
    };
  } finally {
    await env.cleanup();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The same figures on a real PostgreSQL (Debian's, started in a temp folder for the run). */
export async function benchTimelinePostgres() {
  if (!postgresInstalled()) {
    console.error("bench: PostgreSQL is not installed; PostgreSQL timeline figures skipped");
    return {};
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-bench-pg-"));
  await chmod(dir, 0o711);
  const pg = await startPostgresCluster(path.join(dir, "pg"));
  try {
    const figures = await benchTimeline({ DATABASE_URL: pg.createDatabase("bench") });
    return Object.fromEntries(Object.entries(figures).map(([k, v]) => [`pg_${k}`, v]));
  } finally {
    pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
