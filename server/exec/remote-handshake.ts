import { EndMarkFilter, MarkFilter, markSafe } from "./end-mark";
import { REMOTE_READY, REMOTE_STARTED, REMOTE_STATE, REMOTE_STATE_MAX, type SessionAfter } from "./session-script";
import type { ShellHandshake } from "./shell-handshake";

/**
 * The shell on a target (through ssh, docker exec or kubectl exec), started by `remoteBoot`:
 * it says it is ready (with its pid), Runlog types the prelude and the command, and at the end it
 * prints the session it leaves and the end mark, and waits for Runlog's ack line. All of it in
 * the terminal: the session never touches the target's disk or its command lines.
 */
export class RemoteHandshake implements ShellHandshake {
  private readonly ready: MarkFilter;
  private readonly started: MarkFilter;
  private readonly state: MarkFilter;
  private readonly end: EndMarkFilter;
  private early = "";
  /** The shell's pid on the target, which is also its process group. */
  pid: number | null = null;
  /** The session the command left, once its mark arrived. */
  session: SessionAfter | null = null;
  readonly signalCommand: (signal: "TERM" | "KILL") => void;

  constructor(
    token: string,
    nonce: string,
    /** What to type once the shell is ready (`remoteInput`). */
    private readonly input: string,
    private readonly ack: string,
    /** Signals a process group on the target by another connection. */
    signalGroup: (pgid: number, signal: "TERM" | "KILL") => void,
  ) {
    const ready = new RegExp(`^${markSafe(token)};(\\d+)$`);
    this.ready = new MarkFilter(REMOTE_READY, (body) => ready.test(body));
    this.started = new MarkFilter(REMOTE_STARTED, (body) => body === markSafe(token));
    this.state = new MarkFilter(
      `${REMOTE_STATE};${markSafe(nonce)}`,
      (body) => /^[A-Za-z0-9+/=-]*;[A-Za-z0-9+/=]*;[A-Za-z0-9+/=-]*$/.test(body),
      3 * REMOTE_STATE_MAX,
    );
    this.end = new EndMarkFilter(nonce);
    this.signalCommand = (signal) => {
      if (this.pid !== null && !this.ended) signalGroup(this.pid, signal);
    };
  }

  /** The command's exit status as its shell reported it in the end mark (ssh's own is 255 when the shell died of a signal). */
  get exitCode(): number | null {
    return this.end.body === null ? null : Number(this.end.body.split(";")[0]);
  }

  /** Keystrokes go through once echo is back on: typed earlier, they would vanish unechoed into the handshake. */
  get open(): boolean {
    return this.started.seen;
  }

  get ended(): boolean {
    return this.end.seen;
  }

  /** The connection was made but ended before the command did. */
  get lost(): boolean {
    return this.ready.seen && !this.end.seen;
  }

  /** The last of what the transport printed before the shell was ready (its errors, when it never was). */
  get earlyOutput(): string {
    return this.early;
  }

  receive(raw: Buffer, reply: (data: string) => void): Buffer {
    let out = raw;
    if (!this.ready.seen) {
      out = this.ready.push(out);
      if (!this.ready.seen) {
        this.early = (this.early + out.toString("latin1")).slice(-4096);
        return out;
      }
      this.pid = Number(/;(\d+)$/.exec(this.ready.body!)![1]);
      reply(this.input);
    }
    if (!this.started.seen) out = this.started.push(out);
    if (!this.state.seen) {
      out = this.state.push(out);
      if (this.state.seen) this.session = parseSession(this.state.body!);
    }
    if (!this.end.seen) {
      out = this.end.push(out);
      if (this.end.seen) reply(`${this.ack}\n`);
    }
    return out;
  }

  flush(): Buffer {
    // What the state filter holds is a session cut short: secret, and never output.
    this.state.flush();
    return Buffer.concat([this.ready.flush(), this.started.flush(), this.end.flush()]);
  }
}

function parseSession(body: string): SessionAfter {
  const [state, cwd, vars] = body.split(";") as [string, string, string];
  if (state === "-") return { state: "", cwd: decode(cwd) || null, vars: [], tooLarge: true };
  const parts = decode(vars).split("\0");
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
  return { state: decode(state), cwd: decode(cwd) || null, vars: pairs, tooLarge: false };
}

const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
