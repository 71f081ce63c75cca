import { writeFile } from "node:fs/promises";
import { readConfig } from "../config";
import { createPrisma } from "../db";
import { migrateDatabase } from "../db/migrate-database";
import { exportIncident } from "../export/export-incident";
import { ZIncidentId } from "../shared/ids";
import { EXPORT_FORMATS, ZExportFormat } from "../shared/postmortem";
import { UsageError, type CliIo } from "./io";

/** `runlog export <incident-id> --format md|json|html [--out file]`: the postmortem log, to stdout or a file. */
export async function exportCommand(
  args: { id: string | undefined; format: string | undefined; out: string | undefined },
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const id = ZIncidentId.safeParse(args.id);
  if (!id.success) throw new UsageError("export needs an incident id: runlog export inc_… --format md");
  const format = ZExportFormat.safeParse(args.format ?? "md");
  if (!format.success) throw new UsageError(`--format is one of ${EXPORT_FORMATS.join(", ")}`);
  const cfg = readConfig(env);
  await migrateDatabase(cfg.databaseFile);
  const db = createPrisma(cfg);
  try {
    if (!(await db.incident.findUnique({ where: { id: id.data }, select: { id: true } })))
      throw new UsageError(`no incident ${id.data} in ${cfg.databaseFile}`);
    const file = await exportIncident(db, id.data, format.data);
    if (args.out) {
      await writeFile(args.out, file.body);
      io.err(`wrote ${args.out} (${Buffer.byteLength(file.body)} bytes)`);
    } else io.out(file.body);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
