import { RING_BYTES } from "../shared/flow-control";
import { OutputCapture } from "./output-capture";
import { OutputRing } from "./output-ring";
import { SecretMasker } from "./secret-masker";

/**
 * What happens to a run's output before anyone sees it: secrets masked first, then the stored
 * capture (head and tail within the cap) and the ring of recent chunks that viewers read from.
 * Nothing here grows with the amount of output.
 */
export class OutputPipeline {
  readonly capture: OutputCapture;
  readonly ring = new OutputRing(RING_BYTES);
  private readonly masker: SecretMasker;

  constructor(
    opts: { outputCapBytes: number; secrets: string[] },
    /** Masked output has reached the ring. */
    private readonly onChunk: () => void,
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
    this.ring.push(data);
    this.onChunk();
  }
}
