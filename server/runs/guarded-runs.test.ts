import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "../db";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { parseContent } from "../runbooks/catalog";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { why } from "../testing/why";
import { testUser } from "../testing/test-user";
import { waitForRun } from "../testing/wait-for-run";
import { createCaller } from "../trpc/root";
import { confirmWordFor } from "./run-guard";
import { startRun } from "./start-run";

const RUNBOOK = (severity: string, approval = "") =>
  [
    `---\nseverity: ${severity}${approval ? `\napproval: ${approval}` : ""}\n---`,
    "# Guarded",
    "## Step",
    "```bash",
    "df -h /",
    "mkdir -p scratch",
    "rm -rf scratch/old",
    "```",
  ].join("\n");

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

const as = (role: "responder" | "commander", email: string) => createCaller({ db: env.prisma, cfg: env.cfg, user: testUser(role, email) });
const ann = () => as("responder", "ann");
const dana = () => as("commander", "dana");

async function incident(severity: string, approval = "") {
  const content = RUNBOOK(severity, approval);
  const parsed = await parseContent(content);
  const [df, mkdir, rm] = allCommands(parsed.runbook).map((c) => c.id);
  const { id } = await createIncident(env.prisma, { slug: "guarded", file: "guarded.md", content, ...parsed }, "ann");
  return { id, df: df!, mkdir: mkdir!, rm: rm! };
}

describe("guarded execution", () => {
  it("is checked in the domain layer: startRun itself refuses what the router would (no caller can skip a check)", async () => {
    const inc = await incident("critical");
    const base = { incidentId: inc.id, cols: 80, rows: 24 };
    await expect(startRun(env.prisma, env.cfg, "ann", { ...base, commandId: inc.mkdir })).rejects.toThrow(
      "This command changes things: confirm it before it runs.",
    );
    await expect(
      startRun(env.prisma, env.cfg, "ann", { ...base, commandId: inc.rm, confirmed: "destructive", confirmWord: "rm" }),
    ).rejects.toThrow("This command needs a commander's approval first: request it.");
    expect((await getIncident(env.prisma, inc.id))!.runs).toEqual([]);
  });

  it("runs read-only commands at once, asks to confirm mutating ones and a typed word for destructive ones", async () => {
    const inc = await incident("low");
    expect(await ann().runs.guard({ incidentId: inc.id, commandId: inc.df })).toEqual({
      risk: "read-only",
      confirmWord: null,
      needsApproval: false,
      approvalReason: null,
      missingVariables: [],
      target: null,
    });
    await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.df })).runId);

    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.mkdir }))).toBe(
      "This command changes things: confirm it before it runs.",
    );
    await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.mkdir, confirmed: "mutating" })).runId);

    expect(await ann().runs.guard({ incidentId: inc.id, commandId: inc.rm })).toEqual({
      risk: "destructive",
      confirmWord: "rm",
      needsApproval: false,
      approvalReason: null,
      missingVariables: [],
      target: null,
    });
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, confirmed: "mutating" }))).toBe(
      "This command can destroy data: confirm it before it runs.",
    );
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, confirmed: "destructive", confirmWord: "yes" }))).toBe(
      'Type "rm" to confirm this destructive command.',
    );
    await waitForRun(
      env.prisma,
      (await ann().runs.start({ incidentId: inc.id, commandId: inc.rm, confirmed: "destructive", confirmWord: "rm" })).runId,
    );
  });

  it("judges an edit by what it would do, and never as less than mutating", async () => {
    const inc = await incident("low");
    expect((await ann().runs.guard({ incidentId: inc.id, commandId: inc.df, editedText: "df -h /tmp" })).risk).toBe("mutating");
    expect(await ann().runs.guard({ incidentId: inc.id, commandId: inc.df, editedText: "rm -rf /var/lib/postgresql" })).toMatchObject({
      risk: "destructive",
      confirmWord: "rm",
    });
  });

  it("needs a commander's approval for destructive commands in a critical incident: four eyes, once, for exactly that text", async () => {
    const inc = await incident("Critical (Page)");
    const confirm = { confirmed: "destructive" as const, confirmWord: "rm" };
    expect(await ann().runs.guard({ incidentId: inc.id, commandId: inc.rm })).toMatchObject({ needsApproval: true });
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm }))).toBe(
      "This command needs a commander's approval first: request it.",
    );

    const { approvalId } = await ann().runs.requestApproval({ incidentId: inc.id, commandId: inc.rm });
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId }))).toBe(
      "The approval is still pending.",
    );
    expect(await why(ann().runs.decideApproval({ approvalId, approve: true }))).toBe("This needs the commander role; you are responder.");
    // A commander cannot approve their own request.
    const own = await dana().runs.requestApproval({ incidentId: inc.id, commandId: inc.rm });
    expect(await why(dana().runs.decideApproval({ approvalId: own.approvalId, approve: true }))).toBe(
      "You asked for this approval: another commander must decide (four eyes).",
    );
    expect(await why(dana().runs.decideApproval({ approvalId, approve: false }))).toBe(
      "Say why you refuse, for the person waiting and for the timeline.",
    );
    await dana().runs.decideApproval({ approvalId, approve: true });
    expect(await why(dana().runs.decideApproval({ approvalId, approve: false, reason: "changed my mind" }))).toBe(
      "dana already approved this.",
    );
    // Someone else cannot use ann's approval; an edited text is not what was approved.
    expect(await why(as("responder", "eve").runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId }))).toBe(
      "Only the person who asked for the approval may use it.",
    );
    expect(
      await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, editedText: "rm -rf scratch/older", ...confirm, approvalId })),
    ).toBe("The command changed since it was approved: ask again.");
    await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId })).runId);
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId }))).toBe(
      "This approval was already used for a run: ask again.",
    );

    const refused = await ann().runs.requestApproval({ incidentId: inc.id, commandId: inc.rm });
    await dana().runs.decideApproval({ approvalId: refused.approvalId, approve: false, reason: "restore first" });
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId: refused.approvalId }))).toBe(
      "dana refused this run.",
    );

    const events = (await getIncident(env.prisma, inc.id))!.events.filter((e) => e.type.startsWith("approval."));
    expect(events.map((e) => [e.type, e.actor, e.type === "approval.decided" ? e.payload.decision : null])).toEqual([
      ["approval.requested", "ann", null],
      ["approval.requested", "dana", null],
      ["approval.decided", "dana", "approved"],
      ["approval.requested", "ann", null],
      ["approval.decided", "dana", "refused"],
    ]);
  });

  it("follows the runbook's own word over the severity", async () => {
    expect(
      await ann().runs.guard({ incidentId: (await incident("low", "always")).id, commandId: (await incident("low", "always")).rm }),
    ).toMatchObject({ needsApproval: true });
    const never = await incident("critical", "never");
    expect(await ann().runs.guard({ incidentId: never.id, commandId: never.rm })).toMatchObject({ needsApproval: false });
    expect(await why(ann().runs.requestApproval({ incidentId: never.id, commandId: never.rm }))).toBe(
      "This command does not need an approval: run it.",
    );
  });

  it("asks for the program's name, past sudo and assignments", () => {
    expect(confirmWordFor("sudo rm -rf /data")).toBe("rm");
    expect(confirmWordFor("PGPASSWORD=x pg_restore -d db f.dump")).toBe("pg_restore");
  });
});

describe("approvals bind what really runs", () => {
  const BOUND = '---\nseverity: critical\n---\n# Bound\n## Step\n```bash\nrm -rf "$TARGET_DIR/sub"\n```\n```bash\ndf -h /\n```\n';
  async function boundIncident() {
    const parsed = await parseContent(BOUND);
    const [rm, df] = allCommands(parsed.runbook).map((c) => c.id);
    const { id } = await createIncident(env.prisma, { slug: "bound", file: "bound.md", content: BOUND, ...parsed }, "ann");
    return { id, rm: rm!, df: df! };
  }
  const confirm = { confirmed: "destructive" as const, confirmWord: "rm" };

  it("voids an approval when a variable the command reads changed, saying what changed", async () => {
    const inc = await boundIncident();
    await ann().incidents.setVariable({ incidentId: inc.id, name: "TARGET_DIR", value: "victim-dir", secret: false });
    const { approvalId } = await ann().runs.requestApproval({ incidentId: inc.id, commandId: inc.rm });
    await dana().runs.decideApproval({ approvalId, approve: true });
    await ann().incidents.setVariable({ incidentId: inc.id, name: "TARGET_DIR", value: "other", secret: false });
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId }))).toBe(
      'The run changed since it was approved: $TARGET_DIR was "victim-dir", now "other". Ask again.',
    );
    // Back to what was approved, it runs (once).
    await ann().incidents.setVariable({ incidentId: inc.id, name: "TARGET_DIR", value: "victim-dir", secret: false });
    await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm, approvalId })).runId);
  });

  it("asks a commander for any edit where approvals apply, and counts an edit that hides what it runs as destructive", async () => {
    const inc = await boundIncident();
    const guard = (editedText: string) => ann().runs.guard({ incidentId: inc.id, commandId: inc.df, editedText });
    // Any edit needs a commander here (the incident is critical): nobody reviewed it in the runbook.
    expect(await guard("df -h /tmp")).toMatchObject({ risk: "mutating", needsApproval: true, approvalReason: "edited" });
    for (const disguised of [
      'eval "rm -rf /tmp/x"',
      "$(printf rm) -rf /tmp/x",
      "X=rm; $X -rf /tmp/x",
      "python3 -c 'import shutil; shutil.rmtree(\"/tmp/x\")'",
      "busybox rm -rf /tmp/x",
      "bash <<'EOF'\nrm -rf /tmp/x\nEOF",
    ]) {
      expect(await guard(disguised), disguised).toMatchObject({ risk: "destructive", needsApproval: true, approvalReason: "destructive" });
    }
    expect(
      await why(
        ann().runs.start({
          incidentId: inc.id,
          commandId: inc.df,
          editedText: 'eval "rm -rf /tmp/x"',
          confirmed: "destructive",
          confirmWord: "eval",
        }),
      ),
    ).toBe("This command needs a commander's approval first: request it.");
  });

  // Two instances racing on PostgreSQL (SQLite has one process: its writes are serial).
  it.runIf(process.env.RUNLOG_TEST_DATABASE === "postgres")(
    "uses an approval once when two instances start with it at the same moment",
    async () => {
      const inc = await incident("critical");
      const { approvalId } = await ann().runs.requestApproval({ incidentId: inc.id, commandId: inc.rm });
      await dana().runs.decideApproval({ approvalId, approve: true });
      const other = createPrisma(env.cfg);
      try {
        const input = { incidentId: inc.id, commandId: inc.rm, confirmed: "destructive" as const, confirmWord: "rm", approvalId };
        const onB = createCaller({ db: other, cfg: env.cfg, user: testUser("responder", "ann") });
        const results = await Promise.allSettled([ann().runs.start(input), onB.runs.start(input)]);
        const started = results.filter((r) => r.status === "fulfilled");
        expect(started).toHaveLength(1);
        expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([
          "This approval was already used for a run: ask again.",
        ]);
        await waitForRun(env.prisma, (started[0] as PromiseFulfilledResult<{ runId: string }>).value.runId);
        expect(await env.prisma.run.count({ where: { incidentId: inc.id } })).toBe(1);
      } finally {
        await other.$disconnect();
      }
    },
  );
});
