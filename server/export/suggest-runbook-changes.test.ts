import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { markStep } from "../incidents/mark-step";
import { loadRunbook, parseContent } from "../runbooks/catalog";
import { skipRunAll, startRunAll } from "../runall/run-all-actions";
import { readRunAll } from "../runall/run-all-store";
import { startRun } from "../runs/start-run";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitFor } from "../testing/wait-for";
import { waitForRun } from "../testing/wait-for-run";
import { suggestRunbookChanges } from "./suggest-runbook-changes";
import { suggestCommand } from "../cli/suggest-command";

const RUNBOOK = [
  "# Runbook: Lessons",
  "",
  "## 1. Look",
  "",
  "1. Check the queue:",
  "",
  "   ```bash",
  "   echo queue=$((40+2))",
  "   # expect: queue=0",
  "   ```",
  "",
  "## 2. Clean up",
  "",
  "```bash",
  "echo cleaning /tmp/old",
  "```",
  "",
  "## 3. Tell people",
  "",
  "Post in the channel.",
  "",
  "```bash",
  "sh -c 'exit 5'",
  "echo told",
  "```",
  "",
].join("\n");

let env: TempEnv;
let checkout: string;

beforeAll(async () => {
  env = await tempEnv();
  await writeFile(path.join(env.dir, "lessons.md"), RUNBOOK);
  checkout = await mkdtemp(path.join(os.tmpdir(), "runlog-suggest-"));
});
afterAll(async () => {
  await env.cleanup();
  await rm(checkout, { recursive: true, force: true });
});

describe("Suggest runbook changes", () => {
  it("is a diff git apply takes: edits as they ran, failed checks with what the output said, skips noted in the prose", async () => {
    const loaded = (await loadRunbook(env.dir, "lessons"))!;
    const incidentId = (await createIncident(env.prisma, loaded, "alice")).id;
    const cmd = (prefix: string) => allCommands(loaded.runbook).find((c) => c.text.startsWith(prefix))!.id;
    expect((await suggestRunbookChanges(env.prisma, incidentId)).changes).toBe(0);

    // The check fails (the queue was not empty); the clean-up was edited before it ran.
    const look = await startRun(env.prisma, env.cfg, "alice", { incidentId, commandId: cmd("echo queue"), cols: 80, rows: 24 });
    await waitForRun(env.prisma, look.runId);
    const edit = await startRun(env.prisma, env.cfg, "bob", {
      incidentId,
      commandId: cmd("echo cleaning"),
      editedText: "echo cleaning /var/tmp/old\necho cleaned",
      cols: 80,
      rows: 24,
      confirmed: "mutating",
    });
    await waitForRun(env.prisma, edit.runId);
    // Step 3: a run-all stops at the failing command; it is skipped with a reason. Step 2 is also marked skipped.
    const { runAllId } = await startRunAll(env.prisma, env.cfg, "carol", { incidentId, fromStepId: "3-tell-people", scope: "step" });
    await waitFor(async () => (await readRunAll(env.prisma, runAllId))?.state === "stopped", "the run-all's stop");
    await skipRunAll(env.prisma, env.cfg, "carol", { incidentId, runAllId, reason: "the channel bot is down" });
    await waitFor(async () => (await readRunAll(env.prisma, runAllId))?.state === "completed", "the run-all's end");
    await markStep(env.prisma, "dave", { incidentId, stepId: "2-clean-up", state: "skipped", reason: "done by cron already" });

    const { diff, changes, file } = await suggestRunbookChanges(env.prisma, incidentId);
    expect(changes).toBe(4);
    expect(file).toBe("runbooks/lessons.md");
    expect(diff).toMatch(
      /^diff --git a\/runbooks\/lessons\.md b\/runbooks\/lessons\.md\n--- a\/runbooks\/lessons\.md\n\+\+\+ b\/runbooks\/lessons\.md\n@@ /,
    );

    // A clean checkout of the runbooks: the patch applies, and the result is what was learnt.
    await mkdir(path.join(checkout, "runbooks"));
    await writeFile(path.join(checkout, "runbooks/lessons.md"), RUNBOOK);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: checkout, encoding: "utf8", input: diff });
    git("init", "-q");
    git("apply", "--check", "-");
    git("apply", "-");
    const patched = await readFile(path.join(checkout, "runbooks/lessons.md"), "utf8");
    expect(patched).toContain(
      `   # In incident ${incidentId} (${new Date().toISOString().slice(0, 10)}) this check failed; the output said: queue=42`,
    );
    expect(patched).toMatch(
      /# Changed by bob in incident inc_\w+ \(\d{4}-\d\d-\d\d\): this is what ran\.\necho cleaning \/var\/tmp\/old\necho cleaned\n```/,
    );
    expect(patched).not.toContain("echo cleaning /tmp/old");
    expect(patched).toMatch(
      /## 2\. Clean up\n\n> \*\*Note:\*\* dave skipped this step in incident inc_\w+ \([\d-]+\): done by cron already\n/,
    );
    expect(patched).toMatch(
      /## 3\. Tell people\n\n> \*\*Note:\*\* carol skipped `sh -c 'exit 5'` in incident inc_\w+ \([\d-]+\): the channel bot is down\n/,
    );
    // Still a runbook with the same steps: the edit is now the runbook's command, the check unchanged.
    const reparsed = (await parseContent(patched)).runbook;
    expect(reparsed.sections.map((s) => s.title)).toEqual(loaded.runbook.sections.map((s) => s.title));
    const texts = allCommands(reparsed).map((c) => c.text);
    expect(texts).toContain("echo cleaning /var/tmp/old");
    expect(allCommands(reparsed).find((c) => c.text.startsWith("echo queue"))?.checks).toHaveLength(1);

    // `runlog suggest` prints the same diff; a wrong id is a usage error, not a stack.
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await suggestCommand(incidentId, io, env.cliEnv)).toBe(0);
    expect(out[0]).toBe(diff);
    expect(out[1]).toBe("4 change(s) to runbooks/lessons.md; apply from the repository holding it: git apply <this diff>");
    await expect(suggestCommand("nope", io, env.cliEnv)).rejects.toThrow("suggest needs an incident id");
  }, 30_000);
});
