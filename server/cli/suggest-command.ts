import { suggestRunbookChanges } from "../export/suggest-runbook-changes";
import type { CliIo } from "./io";
import { withIncident } from "./incident-database";

/** `runlog suggest <incident-id>`: the runbook diff the incident suggests, on stdout (for `git apply`). */
export async function suggestCommand(
  id: string | undefined,
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  return withIncident(id, "suggest needs an incident id: runlog suggest inc_… > lessons.diff", env, async (db, incidentId) => {
    const { diff, changes, file } = await suggestRunbookChanges(db, incidentId);
    if (changes === 0) io.err(`the incident suggests no change to ${file}`);
    else {
      io.out(diff);
      io.err(`${changes} change(s) to ${file}; apply from the repository holding it: git apply <this diff>`);
    }
    return 0;
  });
}
