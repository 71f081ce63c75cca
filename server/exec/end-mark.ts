/**
 * Takes one OSC 133 mark (`ESC ] 133 ; <kind> ; <body> BEL`) out of a byte stream: the first
 * whose body `accept`s. A mark may be split across chunks: a tail that may be the start of one is
 * held back until the next chunk (up to `maxBytes`, then it is output after all). A mark whose
 * body is not accepted is ordinary output.
 */
const NOTHING = Buffer.alloc(0);

export class MarkFilter {
  private held: Buffer = NOTHING;
  private readonly prefix: Buffer;
  seen = false;
  body: string | null = null;

  constructor(
    kind: string,
    private readonly accept: (body: string) => boolean,
    private readonly maxBytes = 160,
  ) {
    this.prefix = Buffer.from(`\x1b]133;${kind};`);
  }

  push(chunk: Buffer): Buffer {
    if (this.seen) return chunk;
    const data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = NOTHING;
    let from = 0;
    for (;;) {
      const start = data.indexOf(this.prefix, from);
      if (start < 0) break;
      const end = data.indexOf(0x07, start + this.prefix.length);
      if (end < 0) {
        if (data.length - start > this.maxBytes) {
          from = start + 1;
          continue;
        }
        this.held = Buffer.from(data.subarray(start));
        return data.subarray(0, start);
      }
      const body = data.subarray(start + this.prefix.length, end).toString("latin1");
      if (this.accept(body)) {
        this.seen = true;
        this.body = body;
        return Buffer.concat([data.subarray(0, start), data.subarray(end + 1)]);
      }
      from = start + 1;
    }
    // The last bytes may begin a mark that the next chunk completes; a mark begins with ESC, so
    // only an ESC near the end needs a closer look (this runs on every chunk of a flood).
    for (let at = data.indexOf(0x1b, Math.max(0, data.length - this.prefix.length + 1)); at >= 0; at = data.indexOf(0x1b, at + 1)) {
      const rest = data.subarray(at);
      if (rest.equals(this.prefix.subarray(0, rest.length))) {
        this.held = Buffer.from(rest);
        return data.subarray(0, at);
      }
    }
    return data;
  }

  flush(): Buffer {
    const rest = this.held;
    this.held = NOTHING;
    return rest;
  }
}

/** The nonce as it may appear in a mark (it is ours, but never trusted into a pattern). */
export function markSafe(nonce: string): string {
  return nonce.replace(/[^A-Za-z0-9_-]/g, "");
}

/**
 * The shell's end-of-command mark (`ESC ] 133 ; D ; <exit> ; <nonce> BEL`). The nonce is per
 * run, so output cannot fake the mark by chance.
 */
export class EndMarkFilter extends MarkFilter {
  constructor(nonce: string) {
    const ending = `;${markSafe(nonce)}`;
    super("D", (body) => body.endsWith(ending) && /^\d+$/.test(body.slice(0, -ending.length)));
  }
}
