export const SECRET_MASK = "••••••";
const MASK = Buffer.from(SECRET_MASK);

/**
 * Replaces secret values in a byte stream with a mask. A chunk that ends with the start of a
 * secret keeps that tail back until the next chunk shows whether the secret follows, so a secret
 * split across two reads is masked too.
 */
export class SecretMasker {
  private readonly secrets: Buffer[];
  private held: Buffer = Buffer.alloc(0);

  constructor(secrets: string[]) {
    // Longest first: a secret that contains another is masked whole.
    this.secrets = [...new Set(secrets.filter((s) => s.length > 0))].map((s) => Buffer.from(s)).sort((a, b) => b.length - a.length);
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  push(chunk: Buffer): Buffer {
    if (!this.active) return chunk;
    const data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    const masked = maskAll(data, this.secrets);
    const keep = heldTail(masked, this.secrets);
    this.held = keep > 0 ? Buffer.from(masked.subarray(masked.length - keep)) : Buffer.alloc(0);
    return keep > 0 ? masked.subarray(0, masked.length - keep) : masked;
  }

  /** What is still held back, at the end of the stream. */
  flush(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }

  maskText(text: string): string {
    if (!this.active) return text;
    return maskAll(Buffer.from(text), this.secrets).toString();
  }

  /**
   * Text a terminal rendered (clean text, a serialized screen). Output can print a secret in
   * pieces that only a terminal joins (`printf '%s\033[0m%s' "${T:0:6}" "${T:6}"`, a backspace
   * between halves): the byte stream never holds it whole, the rendered screen does. Escape
   * sequences between its characters (colours a serialized screen re-emits) are masked with it.
   */
  maskRendered(text: string): string {
    if (!this.active) return text;
    this.rendered ??= this.secrets.map(
      (s) =>
        new RegExp(
          [...s.toString("utf8")].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(?:\x1b\\[[0-9;?]*[A-Za-z])*"),
          "g",
        ),
    );
    let out = text;
    for (const re of this.rendered) out = out.replace(re, SECRET_MASK);
    return out;
  }

  private rendered: RegExp[] | null = null;
}

function maskAll(data: Buffer, secrets: Buffer[]): Buffer {
  let out = data;
  for (const secret of secrets) {
    let at = out.indexOf(secret);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at >= 0) {
      parts.push(out.subarray(from, at), MASK);
      from = at + secret.length;
      at = out.indexOf(secret, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

/** How many bytes at the end of `data` could be the start of a secret. */
function heldTail(data: Buffer, secrets: Buffer[]): number {
  let best = 0;
  for (const secret of secrets) {
    const max = Math.min(secret.length - 1, data.length);
    for (let n = max; n > best; n--) {
      if (data.subarray(data.length - n).equals(secret.subarray(0, n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}
