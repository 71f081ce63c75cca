import { readFile } from "node:fs/promises";
import type { PrismaClient } from "../generated/prisma/client";
import { AppError } from "../errors";
import type { SecretBox } from "../secrets/secret-box";
import { hostKeys, linesFor, scanHostKeys, type HostKey } from "./host-keys";
import { parseSshAddress, ZTargetApproval, ZTargetMinRole, ZTargetName } from "./target-spec";

export interface AddTargetInput {
  name: string;
  ssh: string;
  keyFile?: string | undefined;
  agentSocket?: string | undefined;
  /** A known_hosts file that already holds the host's key (nothing is scanned then). */
  knownHostsFile?: string | undefined;
  /** The fingerprint (SHA256:…) the admin checked: the scanned key must have it. */
  fingerprint?: string | undefined;
  minRole?: string | undefined;
  approval?: string | undefined;
  createdBy: string;
}

/**
 * Defines a target. The host key is pinned now: from a known_hosts file, or scanned and accepted
 * only when its fingerprint is the one the admin gives (or confirms at a terminal); an unknown
 * key is never taken on trust.
 */
export async function addTarget(
  db: PrismaClient,
  box: SecretBox,
  input: AddTargetInput,
  confirm: ((fingerprints: string[]) => Promise<boolean>) | null,
): Promise<{ fingerprints: string[] }> {
  const name = ZTargetName.safeParse(input.name);
  if (!name.success) throw new AppError("BAD_REQUEST", name.error.issues[0]!.message);
  const address = (() => {
    try {
      return parseSshAddress(input.ssh);
    } catch (err) {
      throw new AppError("BAD_REQUEST", (err as Error).message);
    }
  })();
  const minRole = ZTargetMinRole.safeParse(input.minRole ?? "responder");
  if (!minRole.success) throw new AppError("BAD_REQUEST", `--role is one of ${ZTargetMinRole.options.join(", ")}.`);
  const approval = ZTargetApproval.safeParse(input.approval ?? "none");
  if (!approval.success) throw new AppError("BAD_REQUEST", `--approval is one of ${ZTargetApproval.options.join(", ")}.`);
  if (!input.keyFile === !input.agentSocket)
    throw new AppError(
      "BAD_REQUEST",
      "Name the private key with --key-file <file>, or an ssh-agent socket with --agent-socket <path> (one of them).",
    );
  if (await db.target.findUnique({ where: { name: name.data } }))
    throw new AppError("CONFLICT", `A target named ${name.data} exists: runlog target remove ${name.data} first.`);

  let keySealed = "";
  if (input.keyFile) {
    const key = await readFile(input.keyFile, "utf8").catch((err: Error) => {
      throw new AppError("BAD_REQUEST", `Cannot read the key file: ${err.message}`);
    });
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new AppError("BAD_REQUEST", `${input.keyFile} is not a private key.`);
    keySealed = box.seal(key);
  }

  // Each key with its own fingerprint: the one pinned is the one whose fingerprint was checked.
  let pinned: HostKey[];
  if (input.knownHostsFile) {
    pinned = await hostKeys(await linesFor(input.knownHostsFile, address.host, address.port));
    if (pinned.length === 0)
      throw new AppError("BAD_REQUEST", `${input.knownHostsFile} has no key for ${address.host} port ${address.port}.`);
  } else {
    const offered = await hostKeys(
      await scanHostKeys(address.host, address.port).catch((err: Error) => {
        throw new AppError("BAD_REQUEST", err.message);
      }),
    );
    const prints = offered.map((k) => k.fingerprint);
    if (input.fingerprint) {
      const match = offered.find((k) => k.fingerprint.split(" ")[0] === input.fingerprint);
      if (!match)
        throw new AppError(
          "PRECONDITION_FAILED",
          `No host key of ${address.host} has the fingerprint ${input.fingerprint}: it offers ${prints.join(", ")}. Nothing was saved.`,
        );
      pinned = [match];
    } else if (confirm && (await confirm(prints))) pinned = offered;
    else
      throw new AppError(
        "PRECONDITION_FAILED",
        `${address.host} offers ${prints.join(", ")}. Check the fingerprint with the host's owner, then add the target with --fingerprint <SHA256:…> (or --known-hosts <file>). Nothing was saved.`,
      );
  }

  await db.target.create({
    data: {
      name: name.data,
      kind: "ssh",
      ...address,
      knownHosts: pinned.map((k) => k.line).join("\n"),
      keySealed,
      agentSocket: input.agentSocket ?? null,
      minRole: minRole.data,
      approval: approval.data,
      createdBy: input.createdBy,
    },
  });
  return { fingerprints: pinned.map((k) => k.fingerprint) };
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
