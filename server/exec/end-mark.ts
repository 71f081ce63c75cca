const PREFIX = Buffer.from("\x1b]133;D;");

/**
 * Finds the shell's end-of-command mark (`ESC ] 133 ; D ; <exit> ; <nonce> BEL`) in the output
 * and removes it. The nonce is per run, so output cannot fake the mark; a chunk that ends in
 * what may be the start of a mark keeps that tail back until the next chunk.
 */
export class EndMarkFilter {
  private held: Buffer = Buffer.alloc(0);
  private readonly mark: RegExp;
  seen = false;

  constructor(nonce: string) {
    this.mark = new RegExp(`\\x1b\\]133;D;\\d+;${nonce.replace(/[^A-Za-z0-9_-]/g, "")}\\x07`);
  }

  push(chunk: Buffer): Buffer {
    if (this.seen) return chunk;
    const data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    const start = data.lastIndexOf(PREFIX.subarray(0, 1));
    // Only the region from the last ESC can hold a mark in progress.
    if (start >= 0) {
      const tail = data.subarray(start).toString("latin1");
      const m = this.mark.exec(tail);
      if (m && m.index === 0) {
        this.seen = true;
        return Buffer.concat([data.subarray(0, start), data.subarray(start + m[0].length)]);
      }
      if (couldBeMark(data.subarray(start))) {
        this.held = Buffer.from(data.subarray(start));
        return data.subarray(0, start);
      }
    }
    return data;
  }

  flush(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }
}

function couldBeMark(tail: Buffer): boolean {
  if (tail.length > 160) return false;
  const n = Math.min(tail.length, PREFIX.length);
  if (!tail.subarray(0, n).equals(PREFIX.subarray(0, n))) return false;
  return !tail.includes(0x07);
}
