import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { parseContent } from "../runbooks/catalog";
import { parseRunbook } from "../runbooks/parse-runbook";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { startRun } from "./start-run";

const RUNBOOK = [
  "---",
  "target: db-${SHARD}",
  "---",
  "# Targets",
  "## Step",
  "```bash",
  "pg_isready",
  "```",
  "```bash {target=bastion}",
  "uptime",
  "```",
  "```bash {target=local}",
  "hostname",
  "```",
].join("\n");

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

describe("commands with a target", () => {
  it("take the runbook's target, or their block's own; a bad target is an error and is kept", async () => {
    const rb = await parseRunbook(RUNBOOK);
    expect(allCommands(rb).map((c) => [c.text, c.target])).toEqual([
      ["pg_isready", "db-${SHARD}"],
      ["uptime", "bastion"],
      ["hostname", "local"],
    ]);
    expect(rb.diagnostics.filter((d) => d.rule === "bad-target")).toEqual([]);
    const plain = await parseRunbook("# P\n## S\n```bash\necho hi\n```\n");
    expect(allCommands(plain)[0]!.target).toBeNull();
    const bad = await parseRunbook("---\ntarget: 'db 1; rm -rf /'\n---\n# B\n## S\n```bash\necho hi\n```\n");
    expect(allCommands(bad)[0]!.target).toBe("db 1; rm -rf /");
    expect(bad.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", rule: "bad-target" }));
  });

  it("never run on the Runlog server instead: refused with a message, nothing recorded", async () => {
    const parsed = await parseContent(RUNBOOK);
    const { id } = await createIncident(env.prisma, { slug: "targets", file: "targets.md", content: RUNBOOK, ...parsed }, "ann");
    for (const c of allCommands(parsed.runbook)) {
      await expect(startRun(env.prisma, env.cfg, "ann", { incidentId: id, commandId: c.id, cols: 80, rows: 24 })).rejects.toThrow(
        `This command runs on target ${c.target}: this Runlog cannot run commands on targets yet, so nothing was run.`,
      );
    }
    expect(await env.prisma.run.count({ where: { incidentId: id } })).toBe(0);
  });
});
