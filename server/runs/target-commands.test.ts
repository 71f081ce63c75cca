import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRuns } from "../exec/live-run";
import { createIncident } from "../incidents/create-incident";
import { setVariable } from "../incidents/set-variable";
import { parseContent } from "../runbooks/catalog";
import { parseRunbook } from "../runbooks/parse-runbook";
import { secretBox } from "../secrets/secret-box";
import { allCommands } from "../shared/runbook";
import { ZCommandStarted } from "../shared/timeline";
import { addTarget } from "../targets/target-store";
import { startSshd, type TestSshd } from "../testing/sshd";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { decideApproval, requestApproval } from "./approvals";
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

// Commands on a real sshd on loopback (as the test's own user, so "the target" is this machine
// reached through ssh): each fenced block below is one command of the runbook.
const REMOTE = [
  "---",
  "target: db-${SHARD}",
  "variables:",
  "  SHARD: {}",
  "  DB_TOKEN: { secret: true }",
  "---",
  "# Remote",
  "## Step",
  "```bash",
  'cd /tmp && GREETING="hello from $(hostname)" && export DEPTH=3',
  "```",
  "```bash",
  'echo "pwd=$PWD greeting=$GREETING depth=$DEPTH shard=$SHARD"; printf "token-length=%s\\n" "${#DB_TOKEN}"',
  "```",
  "```bash",
  'test -n "$DB_TOKEN" && sleep 300 & sleep 300',
  "```",
  "```bash",
  "exit 7",
  "```",
].join("\n");

const SECRET = "s3cr3t-token-never-in-ps";

let env: TempEnv;
let sshd: TestSshd;
beforeAll(async () => {
  env = await tempEnv({ RUNLOG_CANCEL_GRACE_MS: "500" });
  sshd = await startSshd(path.join(env.dir, "sshd"));
  await addTarget(
    env.prisma,
    secretBox(env.cfg),
    {
      name: "db-1",
      ssh: `${sshd.user}@127.0.0.1:${sshd.port}`,
      keyFile: sshd.clientKey,
      fingerprint: sshd.fingerprint(),
      createdBy: "admin",
    },
    null,
  );
});
afterAll(async () => {
  await sshd?.stop();
  await env.cleanup();
});

async function remoteIncident() {
  const parsed = await parseContent(REMOTE);
  const { id } = await createIncident(env.prisma, { slug: "remote", file: "remote.md", content: REMOTE, ...parsed }, "ann");
  const ids = allCommands(parsed.runbook).map((c) => c.id);
  return { id, ids };
}

const run = (incidentId: string, commandId: string) =>
  startRun(env.prisma, env.cfg, "ann", { incidentId, commandId, cols: 100, rows: 24, confirmed: "mutating" });

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

  it("never run on the Runlog server instead: an unset pattern variable or an undefined target is refused, nothing recorded", async () => {
    const parsed = await parseContent(RUNBOOK);
    const { id } = await createIncident(env.prisma, { slug: "targets", file: "targets.md", content: RUNBOOK, ...parsed }, "ann");
    const [first, second] = allCommands(parsed.runbook);
    await expect(run(id, first!.id)).rejects.toThrow("This command runs on target db-${SHARD}: set $SHARD first (it names the target).");
    await expect(run(id, second!.id)).rejects.toThrow("This command runs on target bastion, which no admin has defined");
    await setVariable(env.prisma, "ann", { incidentId: id, name: "SHARD", value: "9", secret: false }, secretBox(env.cfg));
    await expect(run(id, first!.id)).rejects.toThrow("This command runs on target db-9, which no admin has defined");
    await setVariable(env.prisma, "ann", { incidentId: id, name: "SHARD", value: "1; rm -rf /", secret: false }, secretBox(env.cfg));
    await expect(run(id, first!.id)).rejects.toThrow('db-${SHARD} gives "db-1; rm -rf /", which is not a target name');
    expect(await env.prisma.run.count({ where: { incidentId: id } })).toBe(0);
  });

  it("run on the target named by the incident's variable, with the session carried there in-band and secrets on no command line", async () => {
    const { id, ids } = await remoteIncident();
    const box = secretBox(env.cfg);
    await setVariable(env.prisma, "ann", { incidentId: id, name: "SHARD", value: "1", secret: false }, box);
    await setVariable(env.prisma, "ann", { incidentId: id, name: "DB_TOKEN", value: SECRET, secret: true }, box);

    const first = await waitForRun(env.prisma, (await run(id, ids[0]!)).runId, 20_000);
    expect(first, first.outputText ?? "").toMatchObject({ status: "exited", exitCode: 0 });
    const second = await waitForRun(env.prisma, (await run(id, ids[1]!)).runId, 20_000);
    expect(second.outputText).toContain(
      `pwd=/tmp greeting=hello from ${execFileSync("hostname", { encoding: "utf8" }).trim()} depth=3 shard=1`,
    );
    expect(second.outputText).toContain(`token-length=${SECRET.length}`);
    // The session is the incident's, as for local commands: shown (masked), sealed at rest.
    const incident = await env.prisma.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.shellCwd).toBe("/tmp");
    expect(JSON.parse(incident.shellVars)).toContainEqual(["GREETING", expect.stringContaining("hello from")]);
    expect(incident.shellState).toMatch(/^enc:v1:/);

    const started = await env.prisma.timelineEvent.findFirstOrThrow({ where: { runId: second.id, type: "command.started" } });
    expect(ZCommandStarted.parse({ type: "command.started", payload: JSON.parse(started.payload) }).payload.target).toEqual({
      name: "db-1",
      where: `ssh ${sshd.user}@127.0.0.1:${sshd.port}`,
    });

    const exit = await waitForRun(env.prisma, (await run(id, ids[3]!)).runId, 20_000);
    expect(exit).toMatchObject({ status: "exited", exitCode: 7 });
  });

  it("Cancel stops the command's whole process group on the target, and the secret was on no command line there", async () => {
    const { id, ids } = await remoteIncident();
    const box = secretBox(env.cfg);
    await setVariable(env.prisma, "ann", { incidentId: id, name: "SHARD", value: "1", secret: false }, box);
    await setVariable(env.prisma, "ann", { incidentId: id, name: "DB_TOKEN", value: SECRET, secret: true }, box);
    const { runId } = await run(id, ids[2]!);
    const live = liveRuns().get(runId)!;
    const pgid = await waitFor(() => (live as unknown as { process: { handshake: { pid: number | null } } }).process.handshake.pid);
    await waitFor(() => (pgrepGroup(pgid).length >= 3 ? true : null));
    // Every process of the command on the target, and every other one on this machine.
    const lines = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(lines).not.toContain(SECRET);
    live.stop("cancelled", 500, "ann");
    const ended = await waitForRun(env.prisma, runId, 20_000);
    expect(ended.status).toBe("cancelled");
    // The exit status is the command's on the target (Ctrl-C: 130), not ssh's 255; and the ack
    // line Runlog typed back was never echoed into the output.
    expect(ended.exitCode).toBe(130);
    expect(ended.outputText).not.toMatch(/[0-9a-f]{24}/);
    await waitFor(() => (pgrepGroup(pgid).length === 0 ? true : null));
  });

  it("time out on the target like locally: the command's process group there is stopped", async () => {
    const content = "# Slow\n## Step\n```bash {target=db-1 timeout=1s}\nsleep 300\n```\n";
    const parsed = await parseContent(content);
    const { id } = await createIncident(env.prisma, { slug: "slow", file: "slow.md", content, ...parsed }, "ann");
    const { runId } = await run(id, allCommands(parsed.runbook)[0]!.id);
    const live = liveRuns().get(runId)!;
    const pgid = await waitFor(() => (live as unknown as { process: { handshake: { pid: number | null } } }).process.handshake.pid);
    const ended = await waitForRun(env.prisma, runId, 20_000);
    expect(ended.status).toBe("timed-out");
    await waitFor(() => (pgrepGroup(pgid).length === 0 ? true : null));
  });

  it("ask for the target's role and, for what it marks, a commander's approval bound to the target", async () => {
    await addTarget(
      env.prisma,
      secretBox(env.cfg),
      {
        name: "vault-1",
        ssh: `${sshd.user}@127.0.0.1:${sshd.port}`,
        keyFile: sshd.clientKey,
        fingerprint: sshd.fingerprint(),
        minRole: "commander",
        approval: "mutating",
        createdBy: "admin",
      },
      null,
    );
    for (const [email, role] of [
      ["rita@example.test", "responder"],
      ["cory@example.test", "commander"],
      ["dana@example.test", "commander"],
    ] as const)
      await env.prisma.user.create({
        data: { id: `usr_${email}`, name: email, email, role, createdAt: new Date(), updatedAt: new Date() },
      });
    const content = "# Vault\n## Step\n```bash {target=vault-1}\ntouch /tmp/runlog-vault-touched\n```\n";
    const parsed = await parseContent(content);
    const { id } = await createIncident(env.prisma, { slug: "vault", file: "vault.md", content, ...parsed }, "rita@example.test");
    const commandId = allCommands(parsed.runbook)[0]!.id;
    const start = (actor: string, approvalId?: string) =>
      startRun(env.prisma, env.cfg, actor, {
        incidentId: id,
        commandId,
        cols: 80,
        rows: 24,
        confirmed: "mutating",
        ...(approvalId ? { approvalId } : {}),
      });

    await expect(start("rita@example.test")).rejects.toThrow(
      "Commands on vault-1 need the commander role (rita@example.test is responder). Nothing was run.",
    );
    await expect(start("cory@example.test")).rejects.toThrow("This command needs a commander's approval first: request it.");
    const { approvalId } = await requestApproval(env.prisma, env.cfg, "cory@example.test", { incidentId: id, commandId });
    const approval = await env.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } });
    expect(JSON.parse(approval.binding).target).toBe(`vault-1 (ssh ${sshd.user}@127.0.0.1:${sshd.port})`);
    await decideApproval(env.prisma, "dana@example.test", { approvalId, approve: true });
    const ran = await waitForRun(env.prisma, (await start("cory@example.test", approvalId)).runId, 20_000);
    expect(ran, ran.outputText ?? "").toMatchObject({ status: "exited", exitCode: 0 });
    expect(await env.prisma.run.count({ where: { incidentId: id } })).toBe(1);
  });

  it("pass keystrokes to the program there, echoed back by its terminal (typed while connecting, too)", async () => {
    const content = "# Echo\n## Step\n```bash {target=db-1}\nstty -icanon; cat > /dev/null\n```\n";
    const parsed = await parseContent(content);
    const { id } = await createIncident(env.prisma, { slug: "echo", file: "echo.md", content, ...parsed }, "ann");
    const { runId } = await run(id, allCommands(parsed.runbook)[0]!.id);
    const live = liveRuns().get(runId)!;
    let seen = "";
    const viewer = live.attach(
      {
        deliver: (msg) => {
          if (msg.kind === "chunk") seen += Buffer.concat(msg.parts).toString();
          if (msg.kind === "snapshot") seen += msg.data;
        },
      },
      { runner: true },
    );
    viewer.input("hello-there");
    await waitFor(() => (seen.includes("hello-there") ? true : null));
    live.stop("cancelled", 500, "ann");
    await waitForRun(env.prisma, runId, 20_000);
  });

  it("refuse a changed host key with a message naming both fingerprints, and run nothing", async () => {
    const { id, ids } = await remoteIncident();
    await setVariable(env.prisma, "ann", { incidentId: id, name: "SHARD", value: "1", secret: false }, secretBox(env.cfg));
    const pinned = sshd.fingerprint();
    await sshd.replaceHostKey();
    const refused = await waitForRun(env.prisma, (await run(id, ids[0]!)).runId, 20_000);
    expect(refused.exitCode).toBe(255);
    expect(refused.outputText).toContain("does not match the pinned one");
    expect(refused.outputText).toContain(`pinned ${pinned}`);
    expect(refused.outputText).toContain(`offered now ${sshd.fingerprint()}`);
    const incident = await env.prisma.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.shellCwd).toBeNull();
  });
});

function pgrepGroup(pgid: number): string[] {
  try {
    return execFileSync("pgrep", ["-g", String(pgid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean);
  } catch {
    return [];
  }
}

async function waitFor<T>(probe: () => T | null, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
