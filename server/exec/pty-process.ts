import { ptyHost, type HostedPty } from "./pty-host";

export interface PtyOptions {
  shell: string;
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /**
   * Another account to run as (Runlog runs as root): the shell starts as it, with its groups; the
   * end mark (nonce, and the file that acknowledges it) is then printed by the root process
   * around it, where the command can read neither.
   */
  runAs?: { uid: number; gid: number; endMark: { nonce: string; ackFile: string } };
}

// Started as root in the new pty, it gives the terminal to the run account (so that programs
// opening /dev/tty, like ssh and sudo, can), runs the shell as that account with its own groups
// only (node-pty's uid/gid would keep root's supplementary groups), and when the shell is done
// prints the end mark and waits until the server has read everything. The nonce travels in its
// environment (readable by root only) and is dropped before the shell starts. Ctrl-C is caught
// (not ignored, which the shell would inherit) so that the mark still follows a cancel.
const AROUND_ACCOUNT = [
  "u=$1 g=$2; shift 2",
  "n=$RUNLOG_END_NONCE a=$RUNLOG_END_ACK; unset RUNLOG_END_NONCE RUNLOG_END_ACK",
  'chown "$u:$g" "$(tty)" 2>/dev/null',
  "trap : INT",
  'setpriv --reuid="$u" --regid="$g" --init-groups -- "$@"',
  "rc=$?",
  `printf '\\033]133;D;%s;%s\\007' "$rc" "$n"`,
  'i=0; while [ "$i" -lt 1000 ] && [ ! -e "$a" ]; do sleep 0.01; i=$((i + 1)); done',
  'exit "$rc"',
].join("\n");

export interface PtyExit {
  exitCode: number | null;
  signal: string | null;
}

/** A run's pty, as the host thread has it, with its exit in signal names and a kill for its process group. */
export interface PtyProcess extends Omit<HostedPty, "onExit" | "readsIntoOwnBuffer"> {
  onExit(listener: (exit: PtyExit) => void): void;
  /** Signals the whole process group: jobs the command started die with it. */
  kill(signal?: NodeJS.Signals): void;
}

const SIGNAL_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries((await import("node:os")).constants.signals).map(([name, num]) => [num, name]),
);

/**
 * Runs `script` with bash in a fresh pseudo-terminal, in its own session and process group.
 * `name` is the $0 bash uses in its messages ("runlog: line 1: ...").
 */
export function spawnPty(script: string, opts: PtyOptions & { name?: string }): Promise<PtyProcess> {
  const shellArgs = [opts.shell, "--noprofile", "--norc", "-o", "pipefail", "-c", script, opts.name ?? "bash"];
  const argv = opts.runAs
    ? ["/bin/sh", "-c", AROUND_ACCOUNT, "runlog-run-as", String(opts.runAs.uid), String(opts.runAs.gid), ...shellArgs]
    : shellArgs;
  return spawnProgram(argv, {
    ...opts,
    env: opts.runAs ? { ...opts.env, RUNLOG_END_NONCE: opts.runAs.endMark.nonce, RUNLOG_END_ACK: opts.runAs.endMark.ackFile } : opts.env,
  });
}

/**
 * Runs a program (`argv`) in a fresh pseudo-terminal, in its own session and process group: the
 * shell of a local run, or the transport (ssh, docker, kubectl) that gives a terminal on a target.
 */
export async function spawnProgram(argv: string[], opts: Pick<PtyOptions, "cwd" | "env" | "cols" | "rows">): Promise<PtyProcess> {
  const [file, ...args] = argv;
  // Read on the pty host thread (pty-host-worker.mjs), as raw bytes: decoding would corrupt UTF-8
  // sequences split across reads.
  const proc = await ptyHost().spawn(file!, args, {
    cols: opts.cols,
    rows: opts.rows,
    cwd: opts.cwd,
    env: { ...opts.env, TERM: "xterm-256color" },
  });
  return {
    pid: proc.pid,
    onData: (listener) => proc.onData(listener),
    onExit: (listener) => {
      proc.onExit(({ exitCode, signal }) => {
        const sig = signal ? (SIGNAL_NAMES[signal] ?? String(signal)) : null;
        listener({ exitCode: sig ? null : exitCode, signal: sig });
      });
    },
    write: (data) => proc.write(data),
    resize: (cols, rows) => proc.resize(cols, rows),
    pause: () => proc.pause(),
    resume: () => proc.resume(),
    kill: (signal = "SIGTERM") => {
      try {
        // forkpty makes the child a session leader, so its pid is also its process group id.
        process.kill(-proc.pid, signal);
      } catch {
        // Already gone.
      }
    },
  };
}
