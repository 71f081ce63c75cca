import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBox } from "../secrets/secret-box";
import { AppError } from "../errors";
import { liveRuns } from "../exec/live-run";
import { localRunOutput } from "./run-output";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { setVariable } from "../incidents/set-variable";
import { loadRunbook } from "../runbooks/catalog";
import { allCommands, codeBlocks } from "../shared/runbook";
import { attachTestViewer } from "../testing/test-viewer";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitFor } from "../testing/wait-for";
import { waitForRun } from "../testing/wait-for-run";
import { markInterruptedRuns } from "./recover-runs";
import { startRun } from "./start-run";
import { unpackOutput } from "./stored-output";
import { stopRun } from "./stop-run";

const RUNBOOK = [
  "# Runbook: Test drill",
  "**Severity:** High",
  "## Checks",
  "```bash",
  "# say hello in colour",
  'printf \'\\033[32mhello\\033[0m from %s\\n\' "$(basename "$PWD")"',
  "# fail on purpose",
  "echo broken >&2; exit 4",
  "nosuchcommand-xyz --flag",
  "echo first; sleep 0.3; echo second",
  "```",
  "## Session",
  "```bash",
  "COUNT=$(printf 'a\\nb\\n' | wc -l); mkdir -p sub && cd sub",
  'echo "count=$COUNT in $(basename "$PWD")"',
  "```",
  "## Secrets",
  "```bash",
  'echo "user=$DB_USER token=$API_TOKEN"; printf "%s" "$API_TOKEN" | cut -c1-3',
  "```",
  "## Long",
  "```bash {timeout=1s}",
  "sleep 30",
  "```",
  "```bash",
  "sleep 300 & echo $! > bg.pid; sleep 300",
  "head -c 3000000 /dev/zero | tr '\\0' x",
  'read -r answer; echo "you said $answer"',
  "```",
].join("\n");

let env: TempEnv;
let incidentId: string;
let cmd: (text: string) => string;
let blockOf: (text: string) => string;

beforeAll(async () => {
  env = await tempEnv({ RUNLOG_CANCEL_GRACE_MS: "300", RUNLOG_OUTPUT_CAP_BYTES: "100000" });
  await writeFile(path.join(env.dir, "drill.md"), RUNBOOK);
  const loaded = (await loadRunbook(env.dir, "drill"))!;
  const commands = allCommands(loaded.runbook);
  cmd = (prefix) => commands.find((c) => c.text.startsWith(prefix))!.id;
  blockOf = (prefix) => loaded.runbook.sections.flatMap(codeBlocks).find((b) => b.text.startsWith(prefix))!.id;
  incidentId = (await createIncident(env.prisma, loaded, "alice")).id;
});
afterAll(() => env.cleanup());

const start = (commandId: string, actor = "alice", extra: { editedText?: string } = {}) =>
  startRun(env.prisma, env.cfg, actor, { incidentId, commandId, cols: 80, rows: 24, confirmed: "mutating", ...extra });

describe("running a command", () => {
  it("runs it in a pty in the work folder and records it on the timeline", async () => {
    const { runId } = await start(cmd("printf"));
    const run = await waitForRun(env.prisma, runId);
    expect(run).toMatchObject({ exitCode: 0, status: "exited", outputText: "hello from work" });
    expect((await unpackOutput(run))!.toString()).toContain("\x1b[32mhello");
    const view = (await getIncident(env.prisma, incidentId))!;
    const last = view.events.slice(-3).map((e) => `${e.type}:${e.actor}`);
    // Its step's first run started the step; the step's other commands have not run yet.
    expect(last).toEqual(["command.started:alice", "step.changed:alice", "command.finished:alice"]);
    expect(view.events.at(-2)).toMatchObject({ runId, payload: { title: "Checks", state: "started" } });
  });

  it("records a failing command's exit code and its stderr", async () => {
    const run = await waitForRun(env.prisma, (await start(cmd("echo broken"))).runId);
    expect(run).toMatchObject({ exitCode: 4, outputText: "broken", status: "exited" });
  });

  it("names the failing line of the command itself in bash's messages", async () => {
    const run = await waitForRun(env.prisma, (await start(cmd("nosuchcommand"))).runId);
    expect(run).toMatchObject({ exitCode: 127, outputText: "runlog: line 1: nosuchcommand-xyz: command not found" });
  });

  it("streams the same bytes live to every viewer", async () => {
    const { runId } = await start(cmd("echo first"));
    const live = liveRuns().get(runId)!;
    const a = attachTestViewer(live);
    const b = attachTestViewer(live);
    // Live: "first" arrives in a frame of its own, before "second" is even printed.
    await waitFor(() => a.bytes().toString().includes("first"), "the first line");
    expect(a.bytes().toString()).not.toContain("second");
    expect((await a.ended).exitCode).toBe(0);
    await b.ended;
    expect(a.bytes().toString()).toContain("second");
    expect(b.bytes().equals(a.bytes())).toBe(true);
  });

  it("refuses commands that are not in the incident's runbook, and unknown incidents", async () => {
    await expect(start("checks/rm -rf /")).rejects.toThrow(AppError);
    await expect(
      startRun(env.prisma, env.cfg, "eve", { incidentId: "inc_missing0000", commandId: cmd("printf"), cols: 80, rows: 24 }),
    ).rejects.toThrow(/No incident/);
  });
});

describe("one shell session per incident", () => {
  it("carries variables and the working directory from one command to the next", async () => {
    await waitForRun(env.prisma, (await start(cmd("COUNT="))).runId);
    const run = await waitForRun(env.prisma, (await start(cmd('echo "count='))).runId);
    expect(run.outputText).toBe("count=2 in sub");
    const view = (await getIncident(env.prisma, incidentId))!;
    expect(view.shell.vars).toContainEqual(["COUNT", "2"]);
    expect(view.shell.cwd).toBe(path.join(env.cfg.workDir, "sub"));
  });

  it("runs a whole block as one script", async () => {
    const { runId } = await start(blockOf("COUNT="));
    const run = await waitForRun(env.prisma, runId);
    expect(run.outputText).toBe("count=2 in sub");
    expect(run.commandText.split("\n")).toHaveLength(2);
  });

  it("runs an edited command and records both texts", async () => {
    const { runId } = await start(cmd('echo "count='), "alice", { editedText: 'echo "edited $COUNT"' });
    const run = await waitForRun(env.prisma, runId);
    expect(run).toMatchObject({
      outputText: "edited 2",
      commandText: 'echo "edited $COUNT"',
      originalText: 'echo "count=$COUNT in $(basename "$PWD")"',
    });
    const events = (await getIncident(env.prisma, incidentId))!.events;
    const started = events.find((e) => e.runId === runId)!;
    expect(started.type === "command.started" && started.payload.originalText).toBe('echo "count=$COUNT in $(basename "$PWD")"');
    // The edit is its own event just before the run: the runbook's text next to what ran.
    expect(events[events.indexOf(started) - 1]).toMatchObject({
      type: "command.edited",
      payload: { originalText: 'echo "count=$COUNT in $(basename "$PWD")"', text: 'echo "edited $COUNT"' },
    });
  });
});

describe("variables and secrets", () => {
  it("passes variables as environment and masks secrets in output, storage and the timeline", async () => {
    await setVariable(env.prisma, "alice", { incidentId, name: "DB_USER", value: "postgres", secret: false }, secretBox(env.cfg));
    await setVariable(env.prisma, "alice", { incidentId, name: "API_TOKEN", value: "s3cr3t-t0ken", secret: true }, secretBox(env.cfg));
    const { runId } = await start(cmd('echo "user='));
    const viewer = attachTestViewer(liveRuns().get(runId)!);
    const run = await waitForRun(env.prisma, runId);
    await viewer.ended;
    expect(run.outputText).toBe("user=postgres token=••••••\ns3c");
    expect((await unpackOutput(run))!.toString()).not.toContain("s3cr3t");
    expect(viewer.bytes().toString()).not.toContain("s3cr3t");
    const view = (await getIncident(env.prisma, incidentId))!;
    expect(JSON.stringify(view)).not.toContain("s3cr3t");
    expect(view.variables).toContainEqual(expect.objectContaining({ name: "API_TOKEN", secret: true, value: "••••••" }));
  });

  it("refuses names that would change how the shell behaves, and short secrets", async () => {
    await expect(
      setVariable(env.prisma, "alice", { incidentId, name: "abc", value: "x", secret: true }, secretBox(env.cfg)),
    ).rejects.toThrow(/at least 4/);
  });
});

describe("stopping", () => {
  it("cancels with Ctrl-C, SIGTERM, SIGKILL, and the background jobs die too", async () => {
    const cwdBefore = (await getIncident(env.prisma, incidentId))!.shell.cwd!;
    const { runId } = await start(cmd("sleep 300 &"));
    // The background job is started once its pid is written.
    await waitFor(async () => (await readFile(path.join(cwdBefore, "bg.pid"), "utf8").catch(() => "")).trim() !== "", "bg.pid");
    await stopRun(env.prisma, env.cfg, "bob", { incidentId, runId });
    const run = await waitForRun(env.prisma, runId);
    expect(run.status).toBe("cancelled");
    const cwd = (await getIncident(env.prisma, incidentId))!.shell.cwd!;
    const bgPid = Number((await readFile(path.join(cwd, "bg.pid"), "utf8")).trim());
    expect(bgPid).toBeGreaterThan(1);
    // Dead, or a zombie waiting for init to reap it: either way no longer running.
    const state = () =>
      readFile(`/proc/${bgPid}/stat`, "utf8").then(
        (s) => s.split(") ")[1]![0]!,
        () => "gone",
      );
    await waitFor(async () => ["gone", "Z", "X"].includes(await state()), "the background job to die");
    const finished = (await getIncident(env.prisma, incidentId))!.events.find((e) => e.runId === runId && e.type === "command.finished")!;
    expect(finished.type === "command.finished" && finished.payload).toMatchObject({ status: "cancelled", stoppedBy: "bob" });
  });

  it("stops a command at its timeout", async () => {
    const run = await waitForRun(env.prisma, (await start(cmd("sleep 30"))).runId);
    expect(run.status).toBe("timed-out");
  });

  it("caps stored output, keeping head and tail, compressed", async () => {
    const run = await waitForRun(env.prisma, (await start(cmd("head -c 3000000"))).runId, 30_000);
    expect(run.outputBytes).toBe(3_000_000);
    const stored = (await unpackOutput(run))!;
    expect(stored.length).toBeLessThan(101_000);
    expect(stored.toString()).toMatch(/bytes dropped|dropped/);
    expect(run.outputGzip).toBe(true);
    expect(run.output!.length).toBeLessThan(stored.length);
    expect(await localRunOutput(env.prisma, { incidentId, runId: run.id })).toMatchObject({ bytes: 3_000_000, capped: true });
    const whole = await waitForRun(env.prisma, (await start(cmd("echo first"))).runId);
    expect(await localRunOutput(env.prisma, { incidentId, runId: whole.id })).toMatchObject({
      bytes: "first\r\nsecond\r\n".length,
      capped: false,
    });
  });

  it("takes keystrokes from the runner only", async () => {
    const { runId } = await start(cmd("read -r answer"));
    const live = liveRuns().get(runId)!;
    const watcher = attachTestViewer(live);
    const runner = attachTestViewer(live, { runner: true });
    expect(() => watcher.handle.input("nope\r")).toThrow(/Only the person who started/);
    runner.handle.input("yes\r");
    const run = await waitForRun(env.prisma, runId);
    expect(run.outputText).toContain("you said yes");
  });

  it("marks runs left running by a crash as interrupted at start-up", async () => {
    const { runId } = await start(cmd("sleep 300 &"));
    // What a crash leaves: the row says running, and no process of this server owns it.
    const live = liveRuns().get(runId)!;
    liveRuns().delete(runId);
    expect((await markInterruptedRuns(env.prisma, [env.cfg.instanceId])).length).toBe(1);
    expect((await env.prisma.run.findUnique({ where: { id: runId } }))!.status).toBe("interrupted");
    live.stop("interrupted");
    await live.recorded;
  });
});
