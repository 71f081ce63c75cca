import { writeFile } from "node:fs/promises";
import { exportIncident } from "../export/export-incident";
import { EXPORT_FORMATS, ZExportFormat } from "../shared/postmortem";
import { UsageError, type CliIo } from "./io";
import { withIncident } from "./incident-database";

/** `runlog export <incident-id> --format md|json|html [--out file]`: the postmortem log, to stdout or a file. */
export async function exportCommand(
  args: { id: string | undefined; format: string | undefined; out: string | undefined },
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const format = ZExportFormat.safeParse(args.format ?? "md");
  if (!format.success) throw new UsageError(`--format is one of ${EXPORT_FORMATS.join(", ")}`);
  return withIncident(args.id, "export needs an incident id: runlog export inc_… --format md", env, async (db, id) => {
    const file = await exportIncident(db, id, format.data);
    if (args.out) {
      await writeFile(args.out, file.body);
      io.err(`wrote ${args.out} (${Buffer.byteLength(file.body)} bytes)`);
    } else io.out(file.body);
    return 0;
  });
}
