/**
 * Keeps a run's output within a byte cap: the first half and the last half of the cap are kept,
 * the middle is dropped and replaced by a marker saying how many bytes went missing. The head
 * shows how a command started, the tail how it ended: both matter in a postmortem.
 *
 * Both halves are copied into storage of their own, the tail written over in a circle: the
 * buffers the output arrived in are not held (see OutputRing for why that matters to memory).
 */
export class OutputCapture {
  private readonly head: Buffer;
  private headBytes = 0;
  private readonly tail: Buffer;
  /** Where the next byte of the tail goes; once the tail is full, also where its oldest byte is. */
  private tailAt = 0;
  private tailBytes = 0;
  private total = 0;

  constructor(capBytes: number) {
    const headCap = Math.floor(capBytes / 2);
    // Not zero-filled: a short run's output touches only the pages it fills.
    this.head = Buffer.allocUnsafeSlow(headCap);
    this.tail = Buffer.allocUnsafeSlow(capBytes - headCap);
  }

  get totalBytes(): number {
    return this.total;
  }

  get droppedBytes(): number {
    return this.total - this.headBytes - this.tailBytes;
  }

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.head.length) {
      const take = Math.min(this.head.length - this.headBytes, rest.length);
      this.head.set(rest.subarray(0, take), this.headBytes);
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tail.length === 0) return;
    // Only the last tail-length bytes of a long chunk can stay.
    if (rest.length > this.tail.length) rest = rest.subarray(rest.length - this.tail.length);
    const first = Math.min(rest.length, this.tail.length - this.tailAt);
    this.tail.set(rest.subarray(0, first), this.tailAt);
    this.tail.set(rest.subarray(first), 0);
    this.tailAt = (this.tailAt + rest.length) % this.tail.length;
    this.tailBytes = Math.min(this.tail.length, this.tailBytes + rest.length);
  }

  /** The kept bytes, with a marker line where the middle was dropped. */
  result(): Buffer<ArrayBuffer> {
    const parts = [this.head.subarray(0, this.headBytes)];
    if (this.droppedBytes > 0) {
      parts.push(Buffer.from(`\r\n\x1b[0m[runlog: ${this.droppedBytes} bytes of output dropped here]\r\n`));
    }
    if (this.tailBytes < this.tail.length) parts.push(this.tail.subarray(0, this.tailBytes));
    else parts.push(this.tail.subarray(this.tailAt), this.tail.subarray(0, this.tailAt));
    return Buffer.concat(parts);
  }
}
