export interface Chunk {
  seq: number;
  data: Buffer;
}

/**
 * The most recent output of a run, bounded in bytes. Viewers that fell behind read from here
 * while they still can; once their next chunk is gone they resync from a snapshot instead.
 */
export class OutputRing {
  private chunks: Chunk[] = [];
  private head = 0;
  private bytes = 0;
  private nextSeq = 0;

  constructor(private readonly capBytes: number) {}

  push(data: Buffer): Chunk {
    const chunk = { seq: this.nextSeq++, data };
    this.chunks.push(chunk);
    this.bytes += data.length;
    while (this.bytes > this.capBytes && this.chunks.length - this.head > 1) {
      this.bytes -= this.chunks[this.head]!.data.length;
      this.head++;
    }
    // Compact now and then rather than shifting on every drop.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** The chunk with this sequence number, or undefined once it left the ring (or not yet sent). */
  get(seq: number): Chunk | undefined {
    const first = this.chunks[this.head];
    if (!first || seq < first.seq || seq >= this.nextSeq) return undefined;
    return this.chunks[this.head + (seq - first.seq)];
  }

  /** Every chunk still held, oldest first. */
  held(): Chunk[] {
    return this.chunks.slice(this.head);
  }
}
