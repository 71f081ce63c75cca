// @ts-check
// The pty host: a thread whose only work is the runs' pseudo-terminals (server/exec/pty-host.ts is
// the other side). A pty holds ~12 KiB: a command that prints fast blocks as soon as its reader
// is ~0.5 ms late, and the server's main thread (rendering pages, framing output for viewers,
// collecting garbage) is late often. Here a read is never behind anything but another read.
// Plain JavaScript: this file is loaded as it is, by the bundle in production and by the sources
// in development and tests.
import { Buffer } from "node:buffer";
import { writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { clearImmediate, clearTimeout, setImmediate, setTimeout } from "node:timers";
import tty from "node:tty";
import { parentPort, workerData } from "node:worker_threads";
import pty from "node-pty";

/** @type {{ batchMs: number; batchBytes: number; floodReadBytes: number; backlogBytes: number }} */
const limits = workerData;
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);

/**
 * @typedef {{
 *   proc: import("node-pty").IPty;
 *   batch: Uint8Array<ArrayBuffer> | null;
 *   bytes: number;
 *   timer: NodeJS.Timeout | NodeJS.Immediate | null;
 *   lastSentAt: number;
 *   backlog: Int32Array;
 *   pausedBy: Set<string>;
 *   fd: number;
 *   closed: boolean;
 *   unwritten: Buffer[];
 *   writeTimer: NodeJS.Timeout | null;
 * }} Hosted
 */

/**
 * node-pty's UnixTerminal, with the members this file needs that its typings leave out: the pty's
 * file descriptor, the "close" event it emits once that descriptor is closed, and the stream it
 * reads the pty with.
 * @typedef {import("node-pty").IPty & { readonly fd: number; on(event: "close", listener: () => void): void; _socket?: unknown }} UnixPty
 */

/** A pty whose input is full (its program reads none) is tried again after this long. */
const WRITE_RETRY_MS = 5;

/** @type {Map<number, Hosted>} */
const hosted = new Map();

/**
 * Batches travel in buffers that the main thread hands back once it has taken their output, so
 * that a flood leaves no buffer per batch for either thread's garbage collector.
 * @type {ArrayBuffer[]}
 */
const spare = [];
// A batch is sent once it reaches batchBytes, after a read of at most 64 KiB.
const BUFFER_BYTES = limits.batchBytes + 64 * 1024;
const MAX_SPARE = 32;
/** A batch this small leaves as a copy and its buffer stays here (see send). */
const OWN_COPY_BYTES = 16 * 1024;

port.on("message", (msg) => {
  if (msg.op === "spawn") return spawn(msg);
  if (msg.op === "free") {
    if (msg.data.byteLength === BUFFER_BYTES && spare.length < MAX_SPARE) spare.push(msg.data);
    return;
  }
  const h = hosted.get(msg.id);
  if (!h) return;
  if (msg.op === "write") write(h, msg.data);
  else if (msg.op === "resize") resize(h, msg.cols, msg.rows);
  else if (msg.op === "pause") pause(h, "main");
  else if (msg.op === "resume") resume(h, "main");
  else if (msg.op === "drained") resume(h, "backlog");
});

/** @param {{ id: number; file: string; args: string[]; opts: { cols: number; rows: number; cwd: string; env: Record<string, string> }; backlog: SharedArrayBuffer }} msg */
function spawn(msg) {
  // Set right after the spawn: a pty is read from the event loop, never during this call.
  /** @type {Hosted | null} */
  let hostedPty = null;
  let proc;
  let reader;
  try {
    ({ proc, reader } = spawnReadingInto(
      (data) => hostedPty && receive(msg.id, hostedPty, data),
      () => pty.spawn(msg.file, msg.args, { name: "xterm-256color", ...msg.opts, encoding: null }),
    ));
  } catch (err) {
    port.postMessage({ op: "failed", id: msg.id, message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const unix = /** @type {UnixPty} */ (proc);
  /** @type {Hosted} */
  const h = {
    proc,
    batch: null,
    bytes: 0,
    timer: null,
    lastSentAt: 0,
    backlog: new Int32Array(msg.backlog),
    pausedBy: new Set(),
    fd: unix.fd,
    closed: false,
    unwritten: [],
    writeTimer: null,
  };
  // node-pty closes the descriptor first and emits this before any other message or timer can
  // run here: from then on the number may belong to another file, and is never written to.
  unix.on("close", () => {
    h.closed = true;
    h.unwritten = [];
    if (h.writeTimer) clearTimeout(h.writeTimer);
  });
  hostedPty = h;
  hosted.set(msg.id, h);
  const readsIntoOwnBuffer = reader !== null && reader === unix._socket;
  port.postMessage({ op: "spawned", id: msg.id, pid: proc.pid, readsIntoOwnBuffer });
  if (!readsIntoOwnBuffer) proc.onData((data) => receive(msg.id, h, /** @type {Buffer} */ (/** @type {unknown} */ (data))));
  proc.onExit(({ exitCode, signal }) => {
    // node-pty reports the exit once the pty is read to its end: everything is in the batch.
    send(msg.id, h);
    if (h.batch && spare.length < MAX_SPARE) spare.push(h.batch.buffer);
    hosted.delete(msg.id);
    port.postMessage({ op: "exit", id: msg.id, exitCode, signal: signal || null });
  });
}

/**
 * Every read of every pty lands in this one buffer and is copied into its pty's batch at once.
 * node-pty reads with a stream that allocates a buffer per read (~1 KiB each while a command
 * floods, tens of thousands a second) and emits it as an event: reading into a buffer of our own
 * (net.Socket's `onread`) takes a sixth less of this thread's CPU and leaves no garbage per read.
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Spawns a pty with `spawnPty`, giving every read to `onRead` (a view of readBuffer, valid until
 * it returns). node-pty opens its reading stream with `new tty.ReadStream(fd)` inside spawn: for
 * that call the stream is made with `onread`; node-pty's close and exit handling stay as they
 * are (they listen for the stream's errors and close, which onread leaves alone). `reader` is the
 * stream made here: if node-pty no longer reads through it, the caller reads from onData instead.
 * @param {(data: Buffer) => void} onRead
 * @param {() => import("node-pty").IPty} spawnPty
 */
function spawnReadingInto(onRead, spawnPty) {
  const ReadStream = tty.ReadStream;
  /** @type {unknown} */
  let reader = null;
  // @ts-expect-error A constructor replaced for the length of one synchronous call.
  tty.ReadStream = function (/** @type {number} */ fd) {
    reader = new ReadStream(
      fd,
      /** @type {import("node:net").SocketConstructorOpts} */ ({
        onread: { buffer: readBuffer, callback: (/** @type {number} */ n) => void onRead(readBuffer.subarray(0, n)) },
      }),
    );
    return reader;
  };
  try {
    return { proc: spawnPty(), reader };
  } finally {
    tty.ReadStream = ReadStream;
  }
}

/**
 * A read of floodReadBytes or more that follows other output within batchMs waits for the rest
 * of that window (a flood leaves in a few large messages instead of one per ~1 KiB read); small
 * reads (a keystroke's echo, a prompt) and output after a quiet moment leave at once.
 * @param {number} id @param {Hosted} h @param {Buffer} data
 */
function receive(id, h, data) {
  h.batch ??= new Uint8Array(spare.pop() ?? new ArrayBuffer(BUFFER_BYTES));
  h.batch.set(data, h.bytes);
  h.bytes += data.length;
  if (h.bytes >= limits.batchBytes) return send(id, h);
  if (h.timer) return;
  if (data.length >= limits.floodReadBytes && performance.now() - h.lastSentAt < limits.batchMs)
    h.timer = setTimeout(() => send(id, h), limits.batchMs);
  else h.timer = setImmediate(() => send(id, h));
}

/** @param {number} id @param {Hosted} h */
function send(id, h) {
  if (h.timer) {
    clearTimeout(/** @type {NodeJS.Timeout} */ (h.timer));
    clearImmediate(/** @type {NodeJS.Immediate} */ (h.timer));
    h.timer = null;
  }
  if (h.bytes === 0 || !h.batch) return;
  const bytes = h.bytes;
  h.bytes = 0;
  h.lastSentAt = performance.now();
  if (bytes <= OWN_COPY_BYTES) {
    // A keystroke's echo, a prompt: sent as a copy the main thread keeps, so that it has no
    // buffer to hand back — which would wake this thread once more for every key.
    const copy = h.batch.slice(0, bytes).buffer;
    port.postMessage({ op: "data", id, data: copy, bytes, pooled: false }, [copy]);
  } else {
    const buffer = h.batch.buffer;
    h.batch = null;
    // Handed over, not copied: `buffer` is empty here from now on.
    port.postMessage({ op: "data", id, data: buffer, bytes, pooled: true }, [buffer]);
  }
  // What the main thread has not taken yet is bounded: past it, the command waits, as it would
  // for a slow reader. backlog[0] counts the bytes, backlog[1] says the reader waits; whichever
  // side clears that flag (compare-and-set) resumes it, so a resume is never lost between them.
  if (Atomics.add(h.backlog, 0, bytes) + bytes <= limits.backlogBytes) return;
  pause(h, "backlog");
  Atomics.store(h.backlog, 1, 1);
  if (Atomics.load(h.backlog, 0) <= limits.backlogBytes / 2 && Atomics.compareExchange(h.backlog, 1, 1, 0) === 1) resume(h, "backlog");
}

/** @param {Hosted} h @param {string} reason */
function pause(h, reason) {
  if (h.pausedBy.size === 0) h.proc.pause();
  h.pausedBy.add(reason);
}

/** @param {Hosted} h @param {string} reason */
function resume(h, reason) {
  if (!h.pausedBy.delete(reason)) return;
  if (h.pausedBy.size === 0) h.proc.resume();
}

/**
 * Input goes into the pty at once, from this thread: node-pty's own write passes every keystroke
 * through libuv's thread pool, one more thread to wake (and to queue behind the server's file and
 * gzip work) between a key and its echo. What the pty cannot take yet (a large paste into a
 * program that reads slowly) waits here, in order.
 * @param {Hosted} h @param {string | Uint8Array} data
 */
function write(h, data) {
  if (h.closed) return;
  h.unwritten.push(typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data));
  if (h.unwritten.length === 1) writeUnwritten(h);
}

/** @param {Hosted} h */
function writeUnwritten(h) {
  h.writeTimer = null;
  while (h.unwritten.length > 0 && !h.closed) {
    const head = /** @type {Buffer} */ (h.unwritten[0]);
    let written;
    try {
      written = writeSync(h.fd, head);
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === "EAGAIN") h.writeTimer = setTimeout(() => writeUnwritten(h), WRITE_RETRY_MS);
      // Anything else (EIO) means the pty is going away: its input goes with it.
      else h.unwritten = [];
      return;
    }
    if (written < head.length) h.unwritten[0] = head.subarray(written);
    else h.unwritten.shift();
  }
}

/** @param {Hosted} h @param {number} cols @param {number} rows */
function resize(h, cols, rows) {
  try {
    h.proc.resize(cols, rows);
  } catch {
    // The pty closed between the message and the call.
  }
}
