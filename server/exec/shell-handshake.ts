import { writeFile } from "node:fs/promises";
import { EndMarkFilter } from "./end-mark";

/**
 * What a run's process and the server say to each other besides the command's own output: marks
 * taken out of the output and answered. Output before the end mark is complete once it is seen.
 */
export interface ShellHandshake {
  /** The output with the handshake's marks taken out; `reply` types into the terminal. */
  receive(raw: Buffer, reply: (data: string) => void): Buffer;
  /** What the filters still held when the process ended (nothing secret). */
  flush(): Buffer;
  /** Keystrokes may go to the command; until then they wait (they would land in the handshake). */
  readonly open: boolean;
  /** The command's end mark was seen. */
  readonly ended: boolean;
  /** The connection to where the command runs ended before the command did. */
  readonly lost?: boolean;
  /**
   * Signals the command's process group where it runs, for a stop beyond Ctrl-C; absent when
   * signalling the local pty's process group reaches it.
   */
  readonly signalCommand?: (signal: "TERM" | "KILL") => void;
}

/**
 * A shell in a local pty: it prints the end mark, then waits until the server creates the ack
 * file. The server never types into the terminal, where a mark printed early would have fed the
 * command's own input.
 */
export class LocalHandshake implements ShellHandshake {
  private readonly filter: EndMarkFilter;
  readonly open = true;

  constructor(
    nonce: string,
    private readonly ackFile: string,
  ) {
    this.filter = new EndMarkFilter(nonce);
  }

  get ended(): boolean {
    return this.filter.seen;
  }

  receive(raw: Buffer): Buffer {
    if (this.filter.seen) return raw;
    const out = this.filter.push(raw);
    // Everything the command printed is read: let the shell exit.
    if (this.filter.seen) void writeFile(this.ackFile, "").catch(() => undefined);
    return out;
  }

  flush(): Buffer {
    return this.filter.flush();
  }
}
