import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Config } from "../config";
import type { LiveRun } from "../exec/live-run";
import { spawnProgram, type PtyExit, type PtyProcess } from "../exec/pty-process";
import { RemoteHandshake } from "../exec/remote-handshake";
import { remoteBoot, remoteInput, type SessionAfter } from "../exec/session-script";
import type { PrismaClient } from "../generated/prisma/client";
import { changedKeyMessage, HOST_KEY_REFUSED } from "../targets/ssh-kit";
import { getTarget } from "../targets/target-store";
import { openTransport, type Transport } from "../targets/transport";
import type { RunPlan } from "./run-plan";

export interface RemoteRun {
  handshake: RemoteHandshake;
  /** Opens the transport and starts it in a local pty (the same pty path as a local run). */
  spawn(size: { cols: number; rows: number }): Promise<PtyProcess>;
  /** After the transport exited, before the run is recorded: say why, when the target refused its host key. */
  beforeFinish(live: LiveRun): Promise<void>;
  session: () => SessionAfter | null;
  /** How the command ended: as its shell on the target said, when it could. */
  exitOf(exit: PtyExit): PtyExit;
  /** The key leaves the disk once nothing more is sent to the target. */
  close(): Promise<void>;
}

/**
 * A command of the plan on its target: ssh (or docker / kubectl exec) in a local pty runs the
 * bootstrap there; the variables, the session and the command are typed into it once it is
 * ready (`RemoteHandshake`), never put on a command line.
 */
export function remoteRun(db: PrismaClient, cfg: Config, plan: RunPlan, nonce: string): RemoteRun {
  const target = plan.target!;
  let transport: Transport | null = null;
  const signals = new Set<Promise<void>>();
  const signalGroup = (pgid: number, signal: "TERM" | "KILL") => {
    const t = transport;
    if (!t) return;
    const [file, ...args] = t.oneOff(["kill", `-${signal}`, "--", `-${pgid}`]);
    const sent = new Promise<void>((resolve) => {
      execFile(file!, args, { env: t.env as NodeJS.ProcessEnv, timeout: 15_000 }, () => resolve());
    });
    signals.add(sent);
    void sent.then(() => signals.delete(sent));
  };
  const token = randomBytes(9).toString("hex");
  const ack = randomBytes(12).toString("hex");
  const input = remoteInput(plan.text, {
    nonce,
    ack,
    stateIn: plan.shellState,
    exports: plan.variables.map(({ name, value }) => ({ name, value })),
    cwd: plan.shellCwd,
  });
  const handshake = new RemoteHandshake(token, nonce, input, ack, signalGroup);
  return {
    handshake,
    async spawn(size) {
      transport = await openTransport(target.row, (name) => getTarget(db, name), plan.box, { aliveSeconds: cfg.sshAliveSeconds });
      return spawnProgram(transport.interactive(remoteBoot(token)), { cwd: "/", env: transport.env, ...size });
    },
    async beforeFinish(live) {
      const ssh = transport?.ssh;
      if (!handshake.open && ssh && HOST_KEY_REFUSED.test(handshake.earlyOutput))
        live.publish(Buffer.from(`\r\nrunlog: ${await changedKeyMessage(ssh)}\r\n`));
    },
    session: () => handshake.session,
    exitOf: (exit) => (handshake.exitCode === null ? exit : { exitCode: handshake.exitCode, signal: null }),
    async close() {
      await Promise.all(signals);
      await transport?.cleanup();
    },
  };
}
