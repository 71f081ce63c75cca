export interface Chunk {
  seq: number;
  data: Buffer;
  /** Where it starts in the run's whole output, in bytes. */
  offset: number;
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
  private total = 0;

  constructor(
    private readonly capBytes: number,
    /** A chunk leaves the ring (what was before the ring still shapes the screen: terminal modes). */
    private readonly onEvict: (chunk: Chunk) => void = () => undefined,
  ) {}

  push(data: Buffer): Chunk {
    const chunk = { seq: this.nextSeq++, data, offset: this.total };
    this.total += data.length;
    this.chunks.push(chunk);
    this.bytes += data.length;
    while (this.bytes > this.capBytes && this.chunks.length - this.head > 1) {
      const gone = this.chunks[this.head]!;
      this.bytes -= gone.data.length;
      this.head++;
      this.onEvict(gone);
    }
    // Compact now and then rather than shifting on every drop.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  /** Bytes of output that came before the oldest chunk held: no longer in the ring. */
  get startOffset(): number {
    return this.chunks[this.head]?.offset ?? this.total;
  }

  /** The offset just past chunk `seq` (a viewer that was sent up to it has this much). */
  endOffset(seq: number): number {
    const c = this.get(seq);
    return c ? c.offset + c.data.length : 0;
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
