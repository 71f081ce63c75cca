import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { keyFile } from "../secrets/key-file";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";

// Commands must not reach Runlog's own keys, database or environment: they run as an account of
// their own. Only root can switch accounts, so only a root test run can show it.
const root = process.getuid?.() === 0;

const PROBES = [
  "id -un; id -G",
  "cat ../auth-secret",
  "cat ../secret.key",
  "head -c 100 ../runlog.db",
  "cat ../runlog.db-wal",
  "ls ..",
  "tr '\\0' '\\n' < /proc/$PPID/environ",
  "tr '\\0' '\\n' < /proc/1/environ",
  'test -O "$(tty)" && echo owns-its-terminal',
  "touch made-here && stat -c %U made-here",
];

let env: TempEnv;
let incidentId: string;
let ids: string[];

beforeAll(async () => {
  env = await tempEnv({ RUNLOG_RUN_AS: "runlog-run" });
  const content = ["# Probes", "## Try", ...PROBES.flatMap((p) => ["```bash", p, "```"])].join("\n");
  await writeFile(path.join(env.dir, "probes.md"), content);
  const loaded = (await loadRunbook(env.dir, "probes"))!;
  ids = allCommands(loaded.runbook).map((c) => c.id);
  incidentId = (await createIncident(env.prisma, loaded, "ann")).id;
});
afterAll(() => env.cleanup());

async function run(i: number): Promise<string> {
  const { runId } = await startRun(env.prisma, env.cfg, "ann", {
    incidentId,
    commandId: ids[i]!,
    cols: 120,
    rows: 24,
    confirmed: "mutating",
  });
  return (await waitForRun(env.prisma, runId)).outputText ?? "";
}

describe.skipIf(!root)("commands run as their own account", () => {
  it("run as runlog-run, with its own groups (not root's)", async () => {
    const [name, groups] = (await run(0)).split("\n");
    expect(name).toBe("runlog-run");
    expect(groups!.split(" ")).not.toContain("0");
  });

  it("cannot read Runlog's keys, database, data folder listing or the server's environment", async () => {
    const authSecret = keyFile(env.dir, "auth-secret");
    const secretKey = keyFile(env.dir, "secret.key");
    for (const i of [1, 2, 3, 4, 5, 6, 7]) {
      const out = await run(i);
      expect(out, PROBES[i]).toMatch(/Permission denied|No such file/);
      expect(out).not.toContain(authSecret);
      expect(out).not.toContain(secretKey);
      expect(out).not.toContain("SQLite format");
    }
    // The database and its write-ahead log exist: denied, not missing.
    // On PostgreSQL there is no database file in the data folder to try.
    if (!env.cfg.databaseUrl) expect(await run(3)).toContain("Permission denied");
  });

  it("owns its terminal and its work folder", async () => {
    expect(await run(8)).toBe("owns-its-terminal");
    expect(await run(9)).toBe("runlog-run");
  });
});

describe.skipIf(root)("without root", () => {
  it("refuses to run commands unless RUNLOG_RUN_AS=self says the operator accepts it", async () => {
    await expect(run(0)).rejects.toThrow(/RUNLOG_RUN_AS=self/);
  });
});
