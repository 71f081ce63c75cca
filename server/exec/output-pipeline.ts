import { RING_BYTES } from "../shared/flow-control";
import { OutputCapture } from "./output-capture";
import { OutputRing } from "./output-ring";
import { SecretMasker } from "./secret-masker";
import { TerminalModes } from "./terminal-modes";
import type { SnapshotInput } from "./terminal-mirror";

/**
 * What happens to a run's output before anyone sees it: secrets masked first, then the stored
 * capture (head and tail within the cap) and the ring of recent chunks that viewers read from.
 * Nothing here grows with the amount of output.
 */
export class OutputPipeline {
  readonly capture: OutputCapture;
  /** The modes the output has set by now (the runner is never skipped past a full-screen program)… */
  readonly modes = new TerminalModes();
  /** …and those set by the output that has left the ring: a snapshot starts from them. */
  private readonly modesBeforeRing = new TerminalModes();
  readonly ring = new OutputRing(RING_BYTES, (gone) => this.modesBeforeRing.feed(gone.data));
  private readonly masker: SecretMasker;

  constructor(
    opts: { outputCapBytes: number; secrets: string[] },
    /** Masked output (this many bytes) has reached the ring. */
    private readonly onChunk: (bytes: number) => void,
  ) {
    this.capture = new OutputCapture(opts.outputCapBytes);
    this.masker = new SecretMasker(opts.secrets);
  }

  push(raw: Buffer): void {
    this.ingest(this.masker.push(raw));
  }

  /** The end: whatever the masker still held back (a possible start of a secret) goes out. */
  flush(): void {
    this.ingest(this.masker.flush());
  }

  /**
   * What a snapshot replays: the ring's newest output (up to `maxBytes`), after the sequences
   * that recreate the modes and colours everything before it had set. `more`: older output is
   * still in the ring.
   */
  snapshotInput(maxBytes: number): SnapshotInput {
    const held = this.ring.held();
    let from = held.length;
    for (let bytes = 0; from > 0 && bytes + held[from - 1]!.data.length <= maxBytes;) bytes += held[--from]!.data.length;
    if (from === held.length && held.length > 0) from--;
    const modes = this.modesBeforeRing.clone();
    for (let i = 0; i < from; i++) modes.feed(held[i]!.data);
    // A copy: the snapshot is rendered asynchronously, while new output writes over the ring.
    const recent = Buffer.concat(held.slice(from).map((c) => c.data));
    return { chunks: modes.replay(recent), upTo: this.ring.lastSeq, more: from > 0 };
  }

  /** Text that viewers and the database may see: secrets masked. */
  maskText(text: string): string {
    return this.masker.maskText(text);
  }

  /** What a terminal rendered from the output (clean text, a snapshot): secrets a terminal joined masked too. */
  maskRendered(text: string): string {
    return this.masker.maskRendered(text);
  }

  private ingest(data: Buffer): void {
    if (data.length === 0) return;
    this.capture.push(data);
    this.modes.feed(data);
    this.ring.push(data);
    this.onChunk(data.length);
  }
}
