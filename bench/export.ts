import { exportIncident } from "../server/export/export-incident";
import { createIncident } from "../server/incidents/create-incident";
import { parseContent } from "../server/runbooks/catalog";
import { tempEnv } from "../server/testing/temp-db";
import { appendEvent } from "../server/timeline/append-event";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Exporting the postmortem log of an incident with 10,000 timeline events: 2,000 commands run
 * (each with 50 lines of output, a start and a finish event) and 5,999 notes. Median of 3 per
 * format; `export_10k_ms` is the slowest format's.
 */
export async function benchExport() {
  const env = await tempEnv();
  try {
    const content = "# Bench\n## S\n```bash\ndf -h /data\n```\n## Root Cause Analysis\n- Disk\n";
    const parsed = await parseContent(content);
    const commandId = parsed.runbook.sections.flatMap((s) => s.content.flatMap((c) => (c.kind === "code" ? c.block.commands : [])))[0]!.id;
    const { id } = await createIncident(env.prisma, { slug: "b", file: "b.md", content, ...parsed }, "bench");
    const output = Array.from({ length: 50 }, (_, i) => `/dev/sd${i} 100G 42G 58G 42% /data/${i}`).join("\n");
    const t0 = Date.now();
    for (let i = 0; i < 2000; i++) {
      const runId = `run_bench${String(i).padStart(9, "0")}`;
      const startedAt = new Date(t0 + i * 1000);
      await env.prisma.run.create({
        data: {
          id: runId,
          incidentId: id,
          commandId,
          commandText: "df -h /data",
          startedBy: "bench",
          startedAt,
          finishedAt: new Date(startedAt.getTime() + 500),
          exitCode: 0,
          status: "exited",
          output: new Uint8Array(Buffer.from(output)),
          outputText: output,
          outputBytes: output.length,
        },
      });
      await appendEvent(env.prisma, {
        incidentId: id,
        actor: "bench",
        runId,
        at: startedAt,
        body: { type: "command.started", payload: { commandId, text: "df -h /data", section: ["S"] } },
      });
      await appendEvent(env.prisma, {
        incidentId: id,
        actor: "bench",
        runId,
        at: new Date(startedAt.getTime() + 500),
        body: { type: "command.finished", payload: { commandId, exitCode: 0, signal: null, durationMs: 500, outputBytes: output.length } },
      });
    }
    for (let i = 0; i < 5999; i++)
      await appendEvent(env.prisma, {
        incidentId: id,
        actor: "bench",
        body: { type: "note.added", payload: { text: `note ${i}: disk usage at ${i % 100}%` } },
      });
    const figures: Record<string, number> = {};
    for (const format of ["md", "json", "html"] as const) {
      await exportIncident(env.prisma, id, format); // warm
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await exportIncident(env.prisma, id, format);
        times.push(performance.now() - t);
      }
      figures[`export_10k_${format}_ms`] = round(median(times));
    }
    return { export_10k_ms: Math.max(...Object.values(figures)), ...figures };
  } finally {
    await env.cleanup();
  }
}
