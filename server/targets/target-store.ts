import { readFile } from "node:fs/promises";
import type { PrismaClient } from "../generated/prisma/client";
import { AppError } from "../errors";
import type { SecretBox } from "../secrets/secret-box";
import { execFile } from "node:child_process";
import { hostKeys, knownHostsName, linesFor, scanHostKeys, type HostKey } from "./host-keys";
import { sshKit } from "./ssh-kit";
import { parseSshAddress, ZContainerName, ZKubeContext, ZKubeName, ZTargetApproval, ZTargetMinRole, ZTargetName } from "./target-spec";

export interface AddTargetInput {
  name: string;
  /** One of: a host over ssh, a container (on the Runlog server or on the ssh target `via`), a pod. */
  ssh?: string | undefined;
  docker?: string | undefined;
  kubectl?: string | undefined;
  /** ssh: a bastion, user@host[:port], whose host key is pinned too. */
  jump?: string | undefined;
  jumpFingerprint?: string | undefined;
  /** docker: the ssh target whose docker runs the container. */
  via?: string | undefined;
  /** kubectl: the pod's container and the kubeconfig context. */
  container?: string | undefined;
  context?: string | undefined;
  keyFile?: string | undefined;
  agentSocket?: string | undefined;
  /** A known_hosts file that already holds the host's key (and the bastion's): nothing is scanned then. */
  knownHostsFile?: string | undefined;
  /** The fingerprint (SHA256:…) the admin checked: the scanned key must have it. */
  fingerprint?: string | undefined;
  minRole?: string | undefined;
  approval?: string | undefined;
  createdBy: string;
}

type Confirm = ((fingerprints: string[]) => Promise<boolean>) | null;

const bad = (message: string) => new AppError("BAD_REQUEST", message);
const parsedAddress = (text: string, option: string) => {
  try {
    return parseSshAddress(text);
  } catch (err) {
    throw bad((err as Error).message.replace("--ssh", option));
  }
};

/**
 * Defines a target. The host key is pinned now: from a known_hosts file, or scanned and accepted
 * only when its fingerprint is the one the admin gives (or confirms at a terminal); an unknown
 * key is never taken on trust.
 */
export async function addTarget(
  db: PrismaClient,
  box: SecretBox,
  input: AddTargetInput,
  confirm: Confirm,
): Promise<{ fingerprints: string[] }> {
  const name = ZTargetName.safeParse(input.name);
  if (!name.success) throw bad(name.error.issues[0]!.message);
  const minRole = ZTargetMinRole.safeParse(input.minRole ?? "responder");
  if (!minRole.success) throw bad(`--role is one of ${ZTargetMinRole.options.join(", ")}.`);
  const approval = ZTargetApproval.safeParse(input.approval ?? "none");
  if (!approval.success) throw bad(`--approval is one of ${ZTargetApproval.options.join(", ")}.`);
  const kinds = [input.ssh, input.docker, input.kubectl].filter((k) => k !== undefined).length;
  if (kinds !== 1)
    throw bad("Say what the target is: --ssh user@host[:port], --docker <container> or --kubectl <namespace>/<pod> (one of them).");
  if (await db.target.findUnique({ where: { name: name.data } }))
    throw new AppError("CONFLICT", `A target named ${name.data} exists: runlog target remove ${name.data} first.`);
  const common = {
    name: name.data,
    minRole: minRole.data,
    approval: approval.data,
    createdBy: input.createdBy,
    user: "",
    host: "",
    knownHosts: "",
  };

  if (input.docker !== undefined) {
    const container = ZContainerName.safeParse(input.docker);
    if (!container.success) throw bad(container.error.issues[0]!.message);
    if (input.via) {
      const via = await db.target.findUnique({ where: { name: input.via } });
      if (via?.kind !== "ssh") throw bad(`--via names an ssh target (runlog target list shows them); ${input.via} is not one.`);
    }
    await db.target.create({ data: { ...common, kind: "docker", container: container.data, via: input.via ?? null } });
    return { fingerprints: [] };
  }
  if (input.kubectl !== undefined) {
    const m = /^([^/]+)\/([^/]+)$/.exec(input.kubectl);
    const [namespace, pod] = [ZKubeName.safeParse(m?.[1]), ZKubeName.safeParse(m?.[2])];
    if (!namespace.success || !pod.success) throw bad("--kubectl is <namespace>/<pod>, lower-case names (kafka-prod/broker-3).");
    const container = input.container === undefined ? null : ZKubeName.safeParse(input.container);
    if (container && !container.success) throw bad("--container is the pod's container name (lower-case, digits, '-').");
    const context = input.context === undefined ? null : ZKubeContext.safeParse(input.context);
    if (context && !context.success) throw bad(context.error.issues[0]!.message);
    await db.target.create({
      data: {
        ...common,
        kind: "kubectl",
        namespace: namespace.data,
        pod: pod.data,
        container: container?.data ?? null,
        kubeContext: context?.data ?? null,
      },
    });
    return { fingerprints: [] };
  }

  const address = parsedAddress(input.ssh!, "--ssh");
  const jump = input.jump ? parsedAddress(input.jump, "--jump") : null;
  if (!input.keyFile === !input.agentSocket)
    throw bad("Name the private key with --key-file <file>, or an ssh-agent socket with --agent-socket <path> (one of them).");
  let keySealed = "";
  if (input.keyFile) {
    const key = await readFile(input.keyFile, "utf8").catch((err: Error) => {
      throw bad(`Cannot read the key file: ${err.message}`);
    });
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw bad(`${input.keyFile} is not a private key.`);
    keySealed = box.seal(key);
  }
  const row = {
    ...common,
    kind: "ssh",
    ...address,
    // As ProxyJump reads it: an IPv6 address in brackets.
    jump: jump ? `${jump.user}@${jump.host.includes(":") ? `[${jump.host}]` : jump.host}:${jump.port}` : null,
    keySealed,
    agentSocket: input.agentSocket ?? null,
  };

  // Each key with its own fingerprint: the one pinned is the one whose fingerprint was checked.
  const jumpKeys = jump ? await pinKeys(jump, input.knownHostsFile, input.jumpFingerprint, "--jump-fingerprint", confirm, null) : [];
  const targetKeys = await pinKeys(
    address,
    input.knownHostsFile,
    input.fingerprint,
    "--fingerprint",
    confirm,
    jump ? { row, jumpKeys, box } : null,
  );
  const pinned = [...targetKeys, ...jumpKeys];
  await db.target.create({ data: { ...row, knownHosts: pinned.map((k) => k.line).join("\n") } });
  return { fingerprints: pinned.map((k) => k.fingerprint) };
}

/**
 * A host's keys to pin: from the known_hosts file, or offered now and matched to the fingerprint
 * the admin gives. Behind a bastion the target is reached through it (whose key is pinned first).
 */
async function pinKeys(
  address: { host: string; port: number },
  knownHostsFile: string | undefined,
  fingerprint: string | undefined,
  option: string,
  confirm: Confirm,
  through: { row: Parameters<typeof sshKit>[0]; jumpKeys: HostKey[]; box: SecretBox } | null,
): Promise<HostKey[]> {
  const label = knownHostsName(address.host, address.port);
  if (knownHostsFile) {
    const keys = await hostKeys(await linesFor(knownHostsFile, address.host, address.port));
    if (keys.length === 0) throw bad(`${knownHostsFile} has no key for ${address.host} port ${address.port}.`);
    return keys;
  }
  const offered = await hostKeys(
    await (through ? keysThrough(through) : scanHostKeys(address.host, address.port)).catch((err: Error) => {
      throw bad(err.message);
    }),
  );
  const prints = offered.map((k) => k.fingerprint);
  if (fingerprint) {
    const match = offered.find((k) => k.fingerprint.split(" ")[0] === fingerprint);
    if (!match)
      throw new AppError(
        "PRECONDITION_FAILED",
        `No host key of ${label} has the fingerprint ${fingerprint}: it offers ${prints.join(", ")}. Nothing was saved.`,
      );
    return [match];
  }
  if (confirm && (await confirm(prints))) return offered;
  throw new AppError(
    "PRECONDITION_FAILED",
    `${label} offers ${prints.join(", ")}. Check the fingerprint with the host's owner, then add the target with ${option} <SHA256:…> (or --known-hosts <file>). Nothing was saved.`,
  );
}

/** The key a target behind a bastion offers, read by connecting through the (pinned) bastion. */
async function keysThrough(t: { row: Parameters<typeof sshKit>[0]; jumpKeys: HostKey[]; box: SecretBox }): Promise<string[]> {
  const kit = await sshKit({ ...t.row, knownHosts: t.jumpKeys.map((k) => k.line).join("\n") }, t.box, { learnTargetKey: true });
  try {
    await new Promise<void>((resolve) => {
      execFile("ssh", [...kit.args, "true"], { timeout: 30_000, env: kit.env as NodeJS.ProcessEnv }, () => resolve());
    });
    const lines = await linesFor(kit.knownHostsFile, t.row.host, t.row.port);
    if (lines.length === 0) throw new Error(`${knownHostsName(t.row.host, t.row.port)} could not be reached through ${t.row.jump}.`);
    return lines;
  } finally {
    await kit.cleanup();
  }
}

export async function listTargets(db: PrismaClient) {
  return db.target.findMany({ orderBy: { name: "asc" } });
}

export async function getTarget(db: PrismaClient, name: string) {
  const target = await db.target.findUnique({ where: { name } });
  if (!target) throw new AppError("NOT_FOUND", `No target ${name} (runlog target list shows them).`);
  return target;
}

export async function removeTarget(db: PrismaClient, name: string): Promise<void> {
  const { count } = await db.target.deleteMany({ where: { name } });
  if (count === 0) throw new AppError("NOT_FOUND", `No target ${name} (runlog target list shows them).`);
}
