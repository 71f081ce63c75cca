import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetArgs } from "../cli/target-command";
import { runTargetCli } from "../testing/target-cli";
import { createIncident } from "../incidents/create-incident";
import { parseContent } from "../runbooks/catalog";
import { allCommands } from "../shared/runbook";
import { ZCommandStarted } from "../shared/timeline";
import { createNetns, type TestNetns } from "../testing/netns";
import { startSshd, type TestSshd } from "../testing/sshd";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { startRun } from "./start-run";

// The other ways to a target: through a bastion (a real sshd: the target listens on a network
// namespace's own 127.0.0.1, which only the bastion in that namespace can reach), and docker /
// kubectl exec, which cannot run here: stub executables on PATH check the arguments they get and
// then run the rest (the bash bootstrap) on this machine, so the whole in-band session is exercised.

// The log's path is written into the stub: the transport passes the tool no environment of ours.
const STUB = (tool: string, expected: string, log: string) => `#!/bin/bash
printf '%s\\n' "$*" >> '${log}'
args=("$@")
expected=(${expected})
for i in "\${!expected[@]}"; do
  if [ "\${args[$i]}" != "\${expected[$i]}" ] && [ "\${expected[$i]}" != "-i*" -o "\${args[$i]#-i}" = "\${args[$i]}" ]; then
    echo "${tool} stub: argument $i is '\${args[$i]}', expected '\${expected[$i]}'" >&2; exit 97
  fi
done
shift \${#expected[@]}
[ "$1" = "--" ] && shift
exec "$@"
`;

let env: TempEnv;
let stubLog: string;
const root = process.getuid?.() === 0;
let netns: TestNetns | null = null;
let bastion: TestSshd | null = null;

beforeAll(async () => {
  env = await tempEnv();
  const bin = path.join(env.dir, "stub-bin");
  mkdirSync(bin);
  stubLog = path.join(env.dir, "stub.log");
  writeFileSync(path.join(bin, "docker"), STUB("docker", "exec -i* pg-main", stubLog));
  writeFileSync(path.join(bin, "kubectl"), STUB("kubectl", "--context prod-eu exec -i* -n kafka-prod broker-3 -c kafka", stubLog));
  chmodSync(path.join(bin, "docker"), 0o755);
  chmodSync(path.join(bin, "kubectl"), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH}`;
  if (root) {
    netns = createNetns();
    bastion = await startSshd(path.join(env.dir, "sshd"), { netns: netns.name, address: netns.address, alsoListen: "127.0.0.1" });
  }
});
afterAll(async () => {
  await bastion?.stop();
  netns?.remove();
  await env.cleanup();
});

const cli = (args: Partial<TargetArgs> & { action: string }) => runTargetCli(env.cliEnv, args);

async function runOn(target: string, command: string) {
  const content = `# T\n## S\n\`\`\`bash {target=${target}}\n${command}\n\`\`\`\n`;
  const parsed = await parseContent(content);
  const { id } = await createIncident(env.prisma, { slug: "t", file: "t.md", content, ...parsed }, "ann");
  const { runId } = await startRun(env.prisma, env.cfg, "ann", {
    incidentId: id,
    commandId: allCommands(parsed.runbook)[0]!.id,
    cols: 80,
    rows: 24,
    confirmed: "mutating",
  });
  const run = await waitForRun(env.prisma, runId, 20_000);
  const started = await env.prisma.timelineEvent.findFirstOrThrow({ where: { runId, type: "command.started" } });
  return { run, target: ZCommandStarted.parse({ type: "command.started", payload: JSON.parse(started.payload) }).payload.target };
}

describe("docker and kubectl targets (stub executables: docker and kubectl cannot run here)", () => {
  it("docker exec -it <container> carries the command and its exit status", async () => {
    expect(await cli({ action: "add", rest: ["pg"], docker: "pg-main" })).toMatchObject({ code: 0 });
    expect((await cli({ action: "list" })).out).toContain("pg\tdocker pg-main on the Runlog server\t-\trole responder+");
    expect((await cli({ action: "test", rest: ["pg"] })).out).toMatch(/^pg: connected and ran true in \d+ ms\.$/m);
    const { run, target } = await runOn("pg", 'echo "inside $(basename "$0")"; exit 3');
    expect(run.outputText).toContain("inside runlog");
    expect(run).toMatchObject({ status: "exited", exitCode: 3 });
    expect(target).toEqual({ name: "pg", where: "docker pg-main on the Runlog server" });
    const calls = readFileSync(stubLog, "utf8");
    expect(calls).toMatch(/^exec -it pg-main bash --noprofile --norc -c /m);
    expect(calls).toMatch(/^exec -i pg-main true$/m);
  });

  it("kubectl --context <ctx> exec -it -n <namespace> <pod> -c <container> -- …", async () => {
    expect(
      await cli({ action: "add", rest: ["broker-3"], kubectl: "kafka-prod/broker-3", container: "kafka", context: "prod-eu" }),
    ).toMatchObject({
      code: 0,
    });
    const { run, target } = await runOn("broker-3", "echo from-the-pod");
    expect(run.outputText).toContain("from-the-pod");
    expect(run.exitCode).toBe(0);
    expect(target).toEqual({ name: "broker-3", where: "kubectl kafka-prod/broker-3 (kafka) in prod-eu" });
    expect(readFileSync(stubLog, "utf8")).toMatch(
      /^--context prod-eu exec -it -n kafka-prod broker-3 -c kafka -- bash --noprofile --norc -c /m,
    );
  });

  it("bad names never reach a command line", async () => {
    expect((await cli({ action: "add", rest: ["x"], docker: "-v" })).err).toContain("--docker is a container name");
    expect((await cli({ action: "add", rest: ["x"], kubectl: "ns" })).err).toContain("--kubectl is <namespace>/<pod>");
    expect((await cli({ action: "add", rest: ["x"], kubectl: "ns/pod", context: "--all" })).err).toContain(
      "--context is a kubeconfig context name",
    );
    expect((await cli({ action: "add", rest: ["x"], docker: "c", via: "nope" })).err).toContain("--via names an ssh target");
    expect((await cli({ action: "add", rest: ["x"], docker: "c", kubectl: "a/b" })).err).toContain("(one of them)");
  });
});

describe.skipIf(!root)("a target behind a bastion (--jump)", () => {
  it("pins both host keys and reaches the target only through the bastion", async () => {
    const b = bastion!;
    const jump = `${b.user}@${netns!.address}:${b.port}`;
    // The target is the namespace's own 127.0.0.1: not reachable from here except through the bastion.
    const ssh = `${b.user}@127.0.0.1:${b.port}`;
    const unconfirmed = await cli({ action: "add", rest: ["inner"], ssh, jump, keyFile: b.clientKey, jumpFingerprint: b.fingerprint() });
    expect(unconfirmed.err).toContain(`[127.0.0.1]:${b.port} offers ${b.fingerprint()} (ssh-ed25519)`);
    const added = await cli({
      action: "add",
      rest: ["inner"],
      ssh,
      jump,
      keyFile: b.clientKey,
      jumpFingerprint: b.fingerprint(),
      fingerprint: b.fingerprint(),
    });
    expect(added, added.err).toMatchObject({ code: 0 });
    const row = await env.prisma.target.findUniqueOrThrow({ where: { name: "inner" } });
    expect(row.knownHosts.split("\n").map((l) => l.split(" ")[0])).toEqual([`[127.0.0.1]:${b.port}`, `[${netns!.address}]:${b.port}`]);
    expect((await cli({ action: "test", rest: ["inner"] })).out).toContain("inner: connected and ran true");
    const { run, target } = await runOn("inner", "echo through-the-bastion");
    expect(run.outputText).toContain("through-the-bastion");
    expect(target).toEqual({ name: "inner", where: `ssh ${ssh} via ${jump}` });
  });
});
