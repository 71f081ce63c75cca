import serializeAddon from "@xterm/addon-serialize";
import xtermHeadless from "@xterm/headless";

// Both are published as CommonJS: their named exports are reached through the default.
const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

const SCROLLBACK = 2000;

/**
 * A headless xterm fed with everything a run prints: the screen and scrollback a viewer who
 * joins late (or fell behind) starts from, tagged with the last chunk it includes.
 */
export class TerminalMirror {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  /** Sequence number of the last chunk fully parsed into the screen. */
  private parsedSeq = -1;
  private pending = 0;
  private drainWaiters: (() => void)[] = [];

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: SCROLLBACK, allowProposedApi: true });
    this.term.loadAddon(this.serializer as never);
  }

  /** Bytes handed to the parser and not yet parsed: the run pauses when this grows. */
  get pendingBytes(): number {
    return this.pending;
  }

  write(seq: number, data: Buffer, onParsed?: () => void): void {
    this.pending += data.length;
    // xterm parses writes in order, a whole chunk at a time, and calls back after each one.
    this.term.write(data, () => {
      this.pending -= data.length;
      this.parsedSeq = seq;
      onParsed?.();
      if (this.pending === 0) for (const w of this.drainWaiters.splice(0)) w();
    });
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  snapshot(): { seq: number; data: string } {
    return { seq: this.parsedSeq, data: this.serializer.serialize({ scrollback: SCROLLBACK }) };
  }

  /** Resolves once everything written so far is parsed. */
  drained(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((r) => this.drainWaiters.push(r));
  }

  dispose(): void {
    this.term.dispose();
  }
}
