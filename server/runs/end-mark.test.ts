import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";

// A command can find its run's end-mark nonce (it runs in the same shell) and print the mark
// early. That must never make the server type into the terminal: the command would read it.
const FAKE_EARLY_MARK = [
  "n=$(cat /proc/$$/cmdline /proc/$PPID/cmdline /proc/$PPID/environ 2>/dev/null | tr '\\0' '\\n' | grep -o '[0-9a-f]\\{24\\}' | head -1)",
  'echo "nonce found=[$n]"',
  "printf '\\033]133;D;0;%s\\007' \"$n\"",
  'read -r -t 2 got; echo "got=[$got]"',
].join("; ");

let env: TempEnv;
let incidentId: string;
let commandId: string;

beforeAll(async () => {
  env = await tempEnv();
  await writeFile(path.join(env.dir, "m.md"), ["# M", "## S", "```bash", FAKE_EARLY_MARK, "```"].join("\n"));
  const loaded = (await loadRunbook(env.dir, "m"))!;
  commandId = allCommands(loaded.runbook)[0]!.id;
  incidentId = (await createIncident(env.prisma, loaded, "ann")).id;
});
afterAll(() => env.cleanup());

describe("the end mark", () => {
  it("seen early, feeds nothing into the command's input", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "ann", { incidentId, commandId, cols: 120, rows: 24, confirmed: "mutating" });
    const run = await waitForRun(env.prisma, runId);
    expect(run.outputText).toContain("got=[]");
    expect(run.exitCode).toBe(0);
    // Under the run account the nonce lives only with root: not in the shell's command line,
    // nor readable in its parent's.
    if (process.getuid?.() === 0) expect(run.outputText).toContain("nonce found=[]");
  });
});
