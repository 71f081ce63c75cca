export interface Chunk {
  seq: number;
  /**
   * A view into the ring's storage: valid until the chunk leaves the ring, when its bytes are
   * written over. Whatever must outlive the synchronous call that received it is copied.
   */
  data: Buffer;
  /** Where it starts in the run's whole output, in bytes. */
  offset: number;
}

/** The most bytes one chunk holds: a larger push becomes several chunks, so that any fits the storage. */
const MAX_CHUNK_BYTES = 64 * 1024;

/**
 * The most recent output of a run, bounded in bytes. Viewers that fell behind read from here
 * while they still can; once their next chunk is gone they resync from a snapshot instead.
 *
 * The bytes are copied into one storage buffer allocated for the run and written over in a
 * circle, rather than kept as the buffers they arrived in: a pty read then lives for one call and
 * dies young, where holding it for the ~0.5 s that 12 MiB takes to pass promoted every read to
 * V8's old generation, to be freed only by the next full collection — a flood piled up hundreds
 * of MB of dead buffers between collections (issue 20).
 */
export class OutputRing {
  private readonly store: Buffer;
  private readonly chunkBytes: number;
  private chunks: Chunk[] = [];
  private head = 0;
  /** Where the next chunk is written in `store`. */
  private writeAt = 0;
  private nextSeq = 0;
  private total = 0;

  constructor(
    capBytes: number,
    /** A chunk leaves the ring (what was before the ring still shapes the screen: terminal modes). */
    private readonly onEvict: (chunk: Chunk) => void = () => undefined,
  ) {
    // Not zero-filled: pages the output never reaches are never touched (nor resident).
    this.store = Buffer.allocUnsafeSlow(capBytes);
    this.chunkBytes = Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.floor(capBytes / 4)));
  }

  push(data: Uint8Array): void {
    for (let from = 0; from < data.length; from += this.chunkBytes) this.pushOne(data.subarray(from, from + this.chunkBytes));
  }

  private pushOne(data: Uint8Array): void {
    const length = data.length;
    if (this.writeAt + length > this.store.length) {
      // Too little room left before the end: what is still there is the oldest output; it goes,
      // and writing starts again at the beginning.
      while (this.head < this.chunks.length && this.position(this.chunks[this.head]!) >= this.writeAt) this.evict();
      this.writeAt = 0;
    }
    const start = this.writeAt;
    const end = start + length;
    // The chunks this one would write over are always the oldest ones.
    while (this.head < this.chunks.length) {
      const c = this.chunks[this.head]!;
      const at = this.position(c);
      if (at >= end || at + c.data.length <= start) break;
      this.evict();
    }
    this.store.set(data, start);
    this.chunks.push({ seq: this.nextSeq++, data: this.store.subarray(start, end), offset: this.total });
    this.total += length;
    this.writeAt = end;
    // Compact now and then rather than shifting on every drop.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  private position(c: Chunk): number {
    return c.data.byteOffset - this.store.byteOffset;
  }

  private evict(): void {
    this.onEvict(this.chunks[this.head]!);
    this.head++;
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

  /** Every chunk still held, oldest first (views: see Chunk.data). */
  held(): Chunk[] {
    return this.chunks.slice(this.head);
  }
}
