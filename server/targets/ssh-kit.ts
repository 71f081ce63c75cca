import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SecretBox } from "../secrets/secret-box";
import { fingerprints, knownHostsName, scanHostKeys } from "./host-keys";

export interface SshTarget {
  name: string;
  user: string;
  host: string;
  port: number;
  knownHosts: string;
  keySealed: string;
  agentSocket: string | null;
}

/** What ssh needs for one connection: the pinned host keys and the key, in a folder of their own (0700, files 0600). */
export interface SshKit {
  /** ssh's options and destination: append the remote command. */
  args: string[];
  cleanup(): Promise<void>;
}

export async function sshKit(target: SshTarget, box: SecretBox, parent = os.tmpdir()): Promise<SshKit> {
  const dir = await mkdtemp(path.join(parent, "runlog-ssh-"));
  const knownHosts = path.join(dir, "known_hosts");
  await writeFile(knownHosts, target.knownHosts.endsWith("\n") ? target.knownHosts : `${target.knownHosts}\n`, { mode: 0o600 });
  const identity: string[] = [];
  if (target.keySealed) {
    const keyFile = path.join(dir, "key");
    const key = box.open(target.keySealed);
    await writeFile(keyFile, key.endsWith("\n") ? key : `${key}\n`, { mode: 0o600 });
    identity.push("-i", keyFile, "-o", "IdentityAgent=none");
  } else if (target.agentSocket) identity.push("-o", `IdentityAgent=${target.agentSocket}`);
  const args = [
    // No user or system ssh_config: only what is written here applies.
    "-F",
    "/dev/null",
    "-o",
    "BatchMode=yes",
    // The pinned keys and nothing else: an unknown or changed host key refuses to connect.
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    `UserKnownHostsFile=${knownHosts}`,
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "UpdateHostKeys=no",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "ConnectTimeout=10",
    "-o",
    "ServerAliveInterval=5",
    "-o",
    "ServerAliveCountMax=3",
    "-e",
    "none",
    "-p",
    String(target.port),
    ...identity,
    `${target.user}@${target.host}`,
  ];
  return { args, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export type TargetCheck = { ok: true; ms: number; fingerprints: string[] } | { ok: false; message: string };

/** `runlog target test`: connects with the pinned key, runs `true`, and times the round trip. */
export async function testTarget(target: SshTarget, box: SecretBox): Promise<TargetCheck> {
  const kit = await sshKit(target, box);
  try {
    const started = performance.now();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile("ssh", [...kit.args, "true"], { timeout: 30_000 }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    const ms = performance.now() - started;
    const pinned = await fingerprints(target.knownHosts.split("\n"));
    if (result.code === 0) return { ok: true, ms, fingerprints: pinned };
    if (
      /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No (ED25519|ECDSA|RSA)? ?host key is known/i.test(result.stderr)
    )
      return { ok: false, message: await changedKeyMessage(target, pinned) };
    return { ok: false, message: `ssh to ${target.name} failed: ${lastLine(result.stderr)}` };
  } finally {
    await kit.cleanup();
  }
}

/** Names the pinned and the offered fingerprints: the person decides, nothing is accepted for them. */
export async function changedKeyMessage(target: SshTarget, pinned: string[]): Promise<string> {
  const offered = await scanHostKeys(target.host, target.port)
    .then(fingerprints)
    .catch(() => ["(none could be read)"]);
  return `The host key of ${target.name} (${knownHostsName(target.host, target.port)}) does not match the pinned one: pinned ${pinned.join(", ")}; offered now ${offered.join(", ")}. Nothing was run. If the change is expected, remove the target and add it again with the new fingerprint.`;
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("Warning: Permanently added"))
      .at(-1) ?? "no message"
  );
}
