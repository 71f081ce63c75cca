import type { Target } from "../generated/prisma/client";
import { shellQuote } from "../exec/session-script";
import type { SecretBox } from "../secrets/secret-box";
import { execFile } from "node:child_process";
import { fingerprints } from "./host-keys";
import { changedKeyMessage, HOST_KEY_REFUSED, sshKit, testTarget, type SshKit, type TargetCheck } from "./ssh-kit";

/**
 * How a local pty reaches a target: the program that gives a terminal there (ssh -tt, docker
 * exec -it, kubectl exec -it) running a command, and the same without a terminal for a one-off
 * (signalling the command's process group). Everything else about a run stays as for a local one.
 */
export interface Transport {
  /** For people and the timeline: "ssh deploy@db-1:22", "docker pg on db-1". */
  where: string;
  interactive(argv: string[]): string[];
  oneOff(argv: string[]): string[];
  /** The transport's own environment (never the incident's variables: those travel in-band). */
  env: Record<string, string>;
  /** When the target is reached over ssh: its keys and host keys, for the message on a refused host key. */
  ssh: Target | null;
  cleanup(): Promise<void>;
}

const shellLine = (argv: string[]) => argv.map(shellQuote).join(" ");

/** What the Runlog server's own docker and kubectl need from its environment: where their daemon and config are. */
function toolEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  for (const name of ["HOME", "KUBECONFIG", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

export function describeTarget(t: Target): string {
  switch (t.kind) {
    case "docker":
      return `docker ${t.container} on ${t.via ?? "the Runlog server"}`;
    case "kubectl":
      return `kubectl ${t.namespace}/${t.pod}${t.container ? ` (${t.container})` : ""}${t.kubeContext ? ` in ${t.kubeContext}` : ""}`;
    default:
      return `ssh ${t.user}@${t.host}:${t.port}${t.jump ? ` via ${t.jump}` : ""}`;
  }
}

function overSsh(t: Target, kit: SshKit): Omit<Transport, "where"> {
  return {
    interactive: (argv) => ["ssh", "-tt", ...kit.args, `exec ${shellLine(argv)}`],
    oneOff: (argv) => ["ssh", "-T", ...kit.args, shellLine(argv)],
    env: kit.env,
    ssh: t,
    cleanup: kit.cleanup,
  };
}

/**
 * Opens a transport to `target`; `viaOf` finds the ssh target a docker target's container is on.
 * The caller cleans it up (the key is on disk, root-only, while it is open).
 */
export async function openTransport(
  target: Target,
  viaOf: (name: string) => Promise<Target>,
  box: SecretBox,
  opts: { aliveSeconds: number },
): Promise<Transport> {
  const where = describeTarget(target);
  if (target.kind === "ssh") return { where, ...overSsh(target, await sshKit(target, box, opts)) };
  if (target.kind === "docker") {
    const container = target.container!;
    const exec = (tty: boolean, argv: string[]) => ["docker", "exec", ...(tty ? ["-it"] : ["-i"]), container, ...argv];
    if (target.via) {
      const host = await viaOf(target.via);
      const ssh = overSsh(host, await sshKit(host, box, opts));
      return {
        where,
        ...ssh,
        interactive: (argv) => ssh.interactive(exec(true, argv)),
        oneOff: (argv) => ssh.oneOff(exec(false, argv)),
      };
    }
    return localTool(where, exec);
  }
  const exec = (tty: boolean, argv: string[]) => [
    "kubectl",
    ...(target.kubeContext ? ["--context", target.kubeContext] : []),
    "exec",
    tty ? "-it" : "-i",
    "-n",
    target.namespace!,
    target.pod!,
    ...(target.container ? ["-c", target.container] : []),
    "--",
    ...argv,
  ];
  return localTool(where, exec);
}

/** docker or kubectl on the Runlog server itself: `exec(tty, argv)` is its command line. */
function localTool(where: string, exec: (tty: boolean, argv: string[]) => string[]): Transport {
  return {
    where,
    interactive: (argv) => exec(true, argv),
    oneOff: (argv) => exec(false, argv),
    env: toolEnv(),
    ssh: null,
    cleanup: async () => undefined,
  };
}

/** `runlog target test` and the page's Test: runs `true` there and times it; for ssh, with the pinned host key only. */
export async function checkTarget(target: Target, viaOf: (name: string) => Promise<Target>, box: SecretBox): Promise<TargetCheck> {
  if (target.kind === "ssh") return testTarget(target, box);
  const t = await openTransport(target, viaOf, box, { aliveSeconds: 5 });
  try {
    const [file, ...args] = t.oneOff(["true"]);
    const started = performance.now();
    const result = await new Promise<{ ok: boolean; stderr: string }>((resolve) => {
      execFile(file!, args, { timeout: 30_000, env: t.env as NodeJS.ProcessEnv }, (err, _stdout, stderr) => resolve({ ok: !err, stderr }));
    });
    const ms = performance.now() - started;
    if (!result.ok) {
      if (t.ssh && HOST_KEY_REFUSED.test(result.stderr)) return { ok: false, message: await changedKeyMessage(t.ssh) };
      return { ok: false, message: `${t.where} failed: ${result.stderr.trim().split("\n").at(-1) || "no message"}` };
    }
    return { ok: true, ms, fingerprints: t.ssh ? await fingerprints(t.ssh.knownHosts.split("\n")) : [] };
  } finally {
    await t.cleanup();
  }
}
