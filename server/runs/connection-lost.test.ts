import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRuns } from "../exec/live-run";
import { createIncident } from "../incidents/create-incident";
import { parseContent } from "../runbooks/catalog";
import { secretBox } from "../secrets/secret-box";
import { allCommands } from "../shared/runbook";
import { addTarget } from "../targets/target-store";
import { createNetns, type TestNetns } from "../testing/netns";
import { startSshd, type TestSshd } from "../testing/sshd";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";

// The target is an sshd in a network namespace of this test's own; the test takes its link down
// mid-command, as a switch or a VPN dropping would.

const RUNBOOK = ["# Far", "## Step", "```bash {target=far-1}", "echo before-the-drop; sleep 300", "```"].join("\n");

const root = process.getuid?.() === 0;
let env: TempEnv;
let netns: TestNetns;
let sshd: TestSshd;
beforeAll(async () => {
  if (!root) return;
  env = await tempEnv({ RUNLOG_SSH_ALIVE_SECONDS: "1" });
  netns = createNetns();
  sshd = await startSshd(path.join(env.dir, "sshd"), { netns: netns.name, address: netns.address });
  await addTarget(
    env.prisma,
    secretBox(env.cfg),
    {
      name: "far-1",
      ssh: `${sshd.user}@${netns.address}:${sshd.port}`,
      keyFile: sshd.clientKey,
      fingerprint: sshd.fingerprint(),
      createdBy: "admin",
    },
    null,
  );
});
afterAll(async () => {
  await sshd?.stop();
  netns?.remove();
  await env?.cleanup();
});

describe.skipIf(!root)("a target whose connection drops", () => {
  it("ends the run as connection lost, with the output that arrived kept", async () => {
    const parsed = await parseContent(RUNBOOK);
    const { id } = await createIncident(env.prisma, { slug: "far", file: "far.md", content: RUNBOOK, ...parsed }, "ann");
    const { runId } = await startRun(env.prisma, env.cfg, "ann", {
      incidentId: id,
      commandId: allCommands(parsed.runbook)[0]!.id,
      cols: 80,
      rows: 24,
    });
    const live = liveRuns().get(runId)!;
    const deadline = Date.now() + 20_000;
    while (!live.capture.result().toString().includes("before-the-drop")) {
      if (Date.now() > deadline) throw new Error("the command's first line never arrived");
      await new Promise((r) => setTimeout(r, 25));
    }
    const pgid = (live as unknown as { process: { handshake: { pid: number } } }).process.handshake.pid;
    netns.cut();
    // Three keep-alives a second apart go unanswered: ssh gives up.
    const ended = await waitForRun(env.prisma, runId, 30_000);
    expect(ended.status).toBe("connection-lost");
    expect(ended.outputText).toContain("before-the-drop");
    const finished = await env.prisma.timelineEvent.findFirstOrThrow({ where: { runId, type: "command.finished" } });
    expect(JSON.parse(finished.payload)).toMatchObject({ status: "connection-lost" });
    // The target is this machine in another namespace: what was left of the command there goes now.
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Gone already.
    }
  });
});
