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
  /** A bastion, user@host:port. */
  jump: string | null;
  knownHosts: string;
  keySealed: string;
  agentSocket: string | null;
}

/** What ssh needs for one connection: the pinned host keys, the key and a config, in a folder of their own (0700, files 0600). */
export interface SshKit {
  /** ssh's options and destination: append the remote command. */
  args: string[];
  /** ssh's own environment: nothing of Runlog's or the incident's. */
  env: Record<string, string>;
  knownHostsFile: string;
  cleanup(): Promise<void>;
}

// The name ssh connects to: its own block of the config says where that is, so that a jump host
// (which reads the same config) never matches the target's settings, even on the same address.
const TARGET_ALIAS = "runlog-target";

/**
 * `learnTargetKey`: only for `target add` through a bastion, where the target cannot be scanned
 * directly: its key (not the bastion's, which must be pinned) is written to the kit's known_hosts
 * on first contact, for the admin to check its fingerprint.
 */
export async function sshKit(
  target: SshTarget,
  box: SecretBox,
  opts: { aliveSeconds?: number; learnTargetKey?: boolean } = {},
): Promise<SshKit> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-ssh-"));
  const knownHosts = path.join(dir, "known_hosts");
  await writeFile(knownHosts, target.knownHosts.endsWith("\n") ? target.knownHosts : `${target.knownHosts}\n`, { mode: 0o600 });
  const identity: string[] = [];
  if (target.keySealed) {
    const keyFile = path.join(dir, "key");
    const key = box.open(target.keySealed);
    await writeFile(keyFile, key.endsWith("\n") ? key : `${key}\n`, { mode: 0o600 });
    identity.push(`IdentityFile "${keyFile}"`, "IdentityAgent none");
  } else if (target.agentSocket) identity.push(`IdentityAgent "${target.agentSocket}"`);
  const alive = opts.aliveSeconds ?? 5;
  const config = [
    `Host ${TARGET_ALIAS}`,
    `  HostName ${target.host}`,
    `  Port ${target.port}`,
    `  User ${target.user}`,
    ...(target.jump ? [`  ProxyJump ${target.jump}`] : []),
    // Only what is written here applies (ssh reads no other config with -F).
    "Host *",
    "  BatchMode yes",
    // The pinned keys and nothing else: an unknown or changed host key refuses to connect.
    `  StrictHostKeyChecking ${opts.learnTargetKey ? "accept-new" : "yes"}`,
    `  UserKnownHostsFile "${knownHosts}"`,
    "  GlobalKnownHostsFile /dev/null",
    "  UpdateHostKeys no",
    "  IdentitiesOnly yes",
    ...identity.map((l) => `  ${l}`),
    "  ForwardAgent no",
    "  ForwardX11 no",
    "  ConnectTimeout 10",
    `  ServerAliveInterval ${alive}`,
    "  ServerAliveCountMax 3",
    "  EscapeChar none",
    // ssh's errors (a refused host key) still show; its "Connection closed" chatter does not.
    "  LogLevel ERROR",
    "",
  ].join("\n");
  const configFile = path.join(dir, "config");
  await writeFile(configFile, config, { mode: 0o600 });
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir };
  return {
    args: ["-F", configFile, TARGET_ALIAS],
    env,
    knownHostsFile: knownHosts,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export type TargetCheck = { ok: true; ms: number; fingerprints: string[] } | { ok: false; message: string };

/** ssh's own words when the pinned host key is not the one offered. */
export const HOST_KEY_REFUSED = /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No \S* ?host key is known/;

/** `runlog target test`: connects with the pinned key, runs `true`, and times the round trip. */
export async function testTarget(target: SshTarget, box: SecretBox): Promise<TargetCheck> {
  const kit = await sshKit(target, box);
  try {
    const started = performance.now();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile("ssh", [...kit.args, "true"], { timeout: 30_000, env: kit.env as NodeJS.ProcessEnv }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    const ms = performance.now() - started;
    const pinned = await fingerprints(target.knownHosts.split("\n"));
    if (result.code === 0) return { ok: true, ms, fingerprints: pinned };
    if (HOST_KEY_REFUSED.test(result.stderr)) return { ok: false, message: await changedKeyMessage(target) };
    return { ok: false, message: `ssh to ${target.name} failed: ${lastLine(result.stderr)}` };
  } finally {
    await kit.cleanup();
  }
}

/** Names the pinned and the offered fingerprints: the person decides, nothing is accepted for them. */
export async function changedKeyMessage(target: SshTarget): Promise<string> {
  const pinned = await fingerprints(target.knownHosts.split("\n")).catch(() => ["(unreadable)"]);
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
