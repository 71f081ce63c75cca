import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { parseContent } from "../runbooks/catalog";
import { allCommands, codeBlocks } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { why } from "../testing/why";
import { testUser } from "../testing/test-user";
import { waitForRun } from "../testing/wait-for-run";
import { createCaller } from "../trpc/root";
import { missingVariables, missingVariablesMessage, variablesRead } from "./missing-variables";

const none = { environment: [], session: [] };

describe("the variables a command reads", () => {
  it("needs what it reads bare, quoted or braced, and not what has a fallback in the shell", async () => {
    const missing = async (text: string) => missingVariables(await variablesRead(text), none);
    expect(await missing('rm -rf "$SCRATCH_DIR"/tmp-*')).toEqual(["SCRATCH_DIR"]);
    expect(await missing("echo ${A} $B")).toEqual(["A", "B"]);
    expect(await missing('echo "${A:-fallback}" "${B-}" "${C:=x}" "${D:+set}" "${#E}"')).toEqual([]);
    // A fallback on one read does not cover another read without one.
    expect(await missing('echo "${A:-x}"; rm -rf "$A/sub"')).toEqual(["A"]);
    // `${X:?}` stops bash with a message when X is unset: still needed.
    expect(await missing('echo "${A:?}"')).toEqual(["A"]);
  });

  it("counts what the command itself sets before it reads it, in order", async () => {
    const missing = async (text: string) => missingVariables(await variablesRead(text), none);
    expect(await missing('D=$(mktemp -d); rm -rf "$D"/x')).toEqual([]);
    expect(await missing('for f in a b; do echo "$f"; done')).toEqual([]);
    expect(await missing('read -r answer; echo "$answer"')).toEqual([]);
    expect(await missing('echo "$LATER"; LATER=1')).toEqual(["LATER"]);
    expect(await missing("echo $HOME $PATH $1 $?")).toEqual([]);
  });

  it("counts the environment the command gets and the incident's shell session", async () => {
    const reads = await variablesRead('cp "$SRC" "$DST"');
    expect(missingVariables(reads, { environment: ["SRC"], session: [] })).toEqual(["DST"]);
    expect(missingVariables(reads, { environment: ["SRC"], session: ["DST"] })).toEqual([]);
  });

  it("names every missing variable in the refusal", () => {
    const m = (name: string, setEarlierInBlock = false) => ({ name, setEarlierInBlock });
    expect(missingVariablesMessage([m("SCRATCH_DIR")])).toBe("Set SCRATCH_DIR first: the command needs it.");
    expect(missingVariablesMessage([m("A"), m("B"), m("C")])).toBe("Set A, B and C first: the command needs them.");
    expect(missingVariablesMessage([m("A"), m("COUNT", true)])).toBe(
      "Set A and COUNT first: the command needs them. COUNT is set by an earlier command of this block: run that first.",
    );
  });
});

const RUNBOOK = [
  "---",
  "variables:",
  "  REGION: { default: eu-west-1 }",
  "---",
  "# Scratch cleanup",
  "## Clean",
  "```bash",
  'rm -rf "$SCRATCH_DIR"/tmp-*',
  'echo "region=$REGION"',
  "```",
  "## Session",
  "```bash",
  "LEFT_BY_EARLIER=kept",
  'echo "from the session: $LEFT_BY_EARLIER"',
  "```",
].join("\n");

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

const ann = () => createCaller({ db: env.prisma, cfg: env.cfg, user: testUser("responder", "ann") });

async function incident() {
  const parsed = await parseContent(RUNBOOK);
  const [rm, region, setter, reader] = allCommands(parsed.runbook).map((c) => c.id);
  const cleanBlock = parsed.runbook.sections.flatMap(codeBlocks)[0]!.id;
  const { id } = await createIncident(env.prisma, { slug: "scratch", file: "scratch.md", content: RUNBOOK, ...parsed }, "ann");
  return { id, rm: rm!, region: region!, setter: setter!, reader: reader!, cleanBlock };
}

describe("a run that needs an unset variable", () => {
  it("is refused for Run, Run block and an edited run, naming the variable, and nothing is recorded", async () => {
    const inc = await incident();
    const confirm = { confirmed: "destructive" as const, confirmWord: "rm" };
    const refusal = "Set SCRATCH_DIR first: the command needs it.";
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm }))).toBe(refusal);
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.cleanBlock, ...confirm }))).toBe(refusal);
    expect(
      await why(
        ann().runs.start({ incidentId: inc.id, commandId: inc.region, editedText: 'ls "$SCRATCH_DIR" "$OTHER"', confirmed: "mutating" }),
      ),
    ).toBe("Set SCRATCH_DIR and OTHER first: the command needs them.");
    expect(await ann().runs.guard({ incidentId: inc.id, commandId: inc.rm })).toMatchObject({
      missingVariables: [{ name: "SCRATCH_DIR", setEarlierInBlock: false }],
    });
    const view = (await getIncident(env.prisma, inc.id))!;
    expect(view.runs).toEqual([]);
    // The page shows the same before anyone clicks.
    expect(view.missingVariables[inc.rm]).toEqual([{ name: "SCRATCH_DIR", setEarlierInBlock: false }]);
    expect(view.missingVariables[inc.cleanBlock]).toEqual([{ name: "SCRATCH_DIR", setEarlierInBlock: false }]);
    expect(view.missingVariables[inc.region]).toEqual([]);
    // Set by the command above it in its block: the page says to run that one first.
    expect(view.missingVariables[inc.reader]).toEqual([{ name: "LEFT_BY_EARLIER", setEarlierInBlock: true }]);
  });

  it("runs once the variable is set; an empty value counts only when it is empty on purpose", async () => {
    const inc = await incident();
    const confirm = { confirmed: "destructive" as const, confirmWord: "rm" };
    expect(await why(ann().incidents.setVariable({ incidentId: inc.id, name: "SCRATCH_DIR", value: "", secret: false }))).toBe(
      '$SCRATCH_DIR would be empty: type a value, or tick "empty on purpose".',
    );
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm }))).toBe(
      "Set SCRATCH_DIR first: the command needs it.",
    );
    await ann().incidents.setVariable({ incidentId: inc.id, name: "SCRATCH_DIR", value: "", secret: false, emptyOnPurpose: true });
    expect((await getIncident(env.prisma, inc.id))!.missingVariables[inc.rm]).toEqual([]);
    expect(await ann().runs.guard({ incidentId: inc.id, commandId: inc.rm })).toMatchObject({ missingVariables: [] });
    await ann().incidents.setVariable({ incidentId: inc.id, name: "SCRATCH_DIR", value: "scratch", secret: false });
    const run = await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.rm, ...confirm })).runId);
    expect(run.exitCode).toBe(0);
  });

  it("takes a front-matter default as set, and the command gets it", async () => {
    const inc = await incident();
    const run = await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.region })).runId);
    expect(run.outputText).toBe("region=eu-west-1");
  });

  it("takes a variable an earlier command left in the shell session as set", async () => {
    const inc = await incident();
    expect(await why(ann().runs.start({ incidentId: inc.id, commandId: inc.reader }))).toBe(
      "Set LEFT_BY_EARLIER first: the command needs it. LEFT_BY_EARLIER is set by an earlier command of this block: run that first.",
    );
    await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.setter, confirmed: "mutating" })).runId);
    const run = await waitForRun(env.prisma, (await ann().runs.start({ incidentId: inc.id, commandId: inc.reader })).runId);
    expect(run.outputText).toBe("from the session: kept");
  });
});
