import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Output this size or larger is stored compressed; a prompt's worth is not worth a gzip header. */
const COMPRESS_FROM_BYTES = 16 * 1024;

/**
 * A finished run's capped output as the database keeps it. Large output is gzip-compressed (level
 * 1, on libuv's thread pool): command output is text and shrinks 4-10x, which keeps the database
 * small and the write cheap — Prisma hands `Bytes` to the driver as base64, so 5 MiB stored plain
 * cost ~40 MB of transient memory more than compressed.
 */
export async function packOutput(bytes: Uint8Array): Promise<{ output: Uint8Array<ArrayBuffer>; outputGzip: boolean }> {
  if (bytes.length >= COMPRESS_FROM_BYTES) {
    const packed = await gzipAsync(bytes, { level: 1 });
    if (packed.length < bytes.length) return { output: exact(packed), outputGzip: true };
  }
  return { output: exact(bytes), outputGzip: false };
}

/** The stored output as the terminal printed it (masked), whichever way it was stored. */
export async function unpackOutput(row: { output: Uint8Array | null; outputGzip: boolean }): Promise<Buffer | null> {
  if (!row.output) return null;
  const stored = asBuffer(row.output);
  return row.outputGzip ? gunzipAsync(stored) : stored;
}

/**
 * How many bytes the stored output has, without unpacking it: a gzip stream ends with its
 * uncompressed size (modulo 2^32, and the output cap is far below that).
 */
export function storedOutputBytes(row: { output: Uint8Array | null; outputGzip: boolean }): number | null {
  if (!row.output) return null;
  if (!row.outputGzip) return row.output.byteLength;
  return asBuffer(row.output).readUInt32LE(row.output.byteLength - 4);
}

/** The bytes Prisma returned, as a Buffer over the same memory. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// Prisma's Bytes is a Uint8Array over an ArrayBuffer of its own; a Buffer may be a view into a
// shared pool (small ones are): it is passed as a view either way, never copied here.
function exact(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}
