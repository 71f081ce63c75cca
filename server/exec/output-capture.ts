/**
 * Keeps a run's output within a byte cap: the first half and the last half of the cap are kept,
 * the middle is dropped and replaced by a marker saying how many bytes went missing. The head
 * shows how a command started, the tail how it ended: both matter in a postmortem.
 */
export class OutputCapture {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(capBytes: number) {
    this.headCap = Math.floor(capBytes / 2);
    this.tailCap = capBytes - this.headCap;
  }

  get totalBytes(): number {
    return this.total;
  }

  get droppedBytes(): number {
    return this.total - this.headBytes - this.tailBytes;
  }

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    let rest = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.headBytes < this.headCap) {
      const take = Math.min(this.headCap - this.headBytes, rest.length);
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    // Kept by reference: every chunk is a buffer of its own (the pty's read, the masker's
    // output), never written to again, and copying each one cost a memcpy and garbage per byte.
    this.tail.push(rest);
    this.tailBytes += rest.length;
    this.trimTail();
  }

  private trimTail(): void {
    while (this.tailBytes > this.tailCap && this.tail.length > 0) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }

  /** The kept bytes, with a marker line where the middle was dropped. */
  result(): Buffer {
    const parts = [...this.head];
    if (this.droppedBytes > 0) {
      parts.push(Buffer.from(`\r\n\x1b[0m[runlog: ${this.droppedBytes} bytes of output dropped here]\r\n`));
    }
    parts.push(...this.tail);
    return Buffer.concat(parts);
  }
}
