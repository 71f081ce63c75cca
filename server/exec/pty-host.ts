import { Worker } from "node:worker_threads";
import { PTY_BACKLOG_BYTES, PTY_BATCH_BYTES, PTY_BATCH_MS, PTY_FLOOD_READ_BYTES } from "../shared/flow-control";

/** How a pty's process ended, as node-pty reports it (signal as a number). */
export interface HostedExit {
  /** null: the pty host thread itself stopped, so how the process ended is not known. */
  exitCode: number | null;
  signal: number | null;
}

/** A pseudo-terminal whose reading happens on the pty host thread: output arrives here in batches. */
export interface HostedPty {
  readonly pid: number;
  /** The thread reads this pty into a buffer of its own rather than through node-pty's stream (pty-host-worker.mjs says why). */
  readonly readsIntoOwnBuffer: boolean;
  /** `chunk` is valid during the call only (its memory goes back to the thread after): copy what you keep. */
  onData(listener: (chunk: Buffer) => void): void;
  onExit(listener: (exit: HostedExit) => void): void;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  /** Stops reading the pty: the command blocks on its next write once the kernel buffer fills. */
  pause(): void;
  resume(): void;
}

type FromWorker =
  | { op: "spawned"; id: number; pid: number; readsIntoOwnBuffer: boolean }
  | { op: "failed"; id: number; message: string }
  /** `pooled`: the buffer is one of the thread's, to be handed back once read; otherwise a copy, this thread's to keep. */
  | { op: "data"; id: number; data: ArrayBuffer; bytes: number; pooled: boolean }
  | { op: "exit"; id: number; exitCode: number; signal: number | null };

// A variable, not a literal: a bundler that meets `new URL("literal", import.meta.url)` would
// take the worker over; it is copied beside the server bundle as it is (scripts/build-server.ts).
const WORKER_FILE = "./pty-host-worker.mjs";
/** With no pty left, the thread ends after this long (it costs memory), and starts again with the next run. */
const IDLE_EXIT_MS = 5_000;

class Entry implements HostedPty {
  private dataListeners: ((chunk: Buffer) => void)[] = [];
  private exitListeners: ((exit: HostedExit) => void)[] = [];
  /** What arrived before anyone listened (a listener is attached right after the spawn resolves). */
  private early: Buffer[] = [];
  private exit: HostedExit | null = null;
  pid = 0;
  readsIntoOwnBuffer = false;

  constructor(
    private readonly id: number,
    private readonly host: PtyHost,
    readonly backlog: Int32Array,
  ) {}

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
    const early = this.early;
    this.early = [];
    for (const chunk of early) this.deliver(chunk);
  }

  onExit(listener: (exit: HostedExit) => void): void {
    this.exitListeners.push(listener);
    if (this.exit) listener(this.exit);
  }

  write(data: string | Buffer): void {
    this.tell({ op: "write", id: this.id, data });
  }

  resize(cols: number, rows: number): void {
    this.tell({ op: "resize", id: this.id, cols, rows });
  }

  pause(): void {
    this.tell({ op: "pause", id: this.id });
  }

  resume(): void {
    this.tell({ op: "resume", id: this.id });
  }

  /** Once the pty has ended there is nobody to tell (and a message would start an idle thread again). */
  private tell(msg: { op: string; id: number; [key: string]: unknown }): void {
    if (!this.exit) this.host.post(msg);
  }

  /** Output in `buffer` (its first `bytes`); a pooled buffer goes back to the thread once the listeners have it. */
  received(buffer: ArrayBuffer, bytes: number, pooled: boolean): void {
    const chunk = Buffer.from(buffer, 0, bytes);
    if (this.dataListeners.length === 0) this.early.push(pooled ? Buffer.from(chunk) : chunk);
    else this.deliver(chunk);
    if (pooled) this.host.post({ op: "free", id: this.id, data: buffer }, [buffer]);
  }

  ended(exit: HostedExit): void {
    this.exit = exit;
    for (const l of this.exitListeners) l(exit);
  }

  private deliver(chunk: Buffer): void {
    for (const l of this.dataListeners) l(chunk);
    // Taken: the reader may go on (see the backlog in pty-host-worker.mjs).
    const left = Atomics.sub(this.backlog, 0, chunk.length) - chunk.length;
    if (left <= PTY_BACKLOG_BYTES / 2 && Atomics.compareExchange(this.backlog, 1, 1, 0) === 1)
      this.host.post({ op: "drained", id: this.id });
  }
}

/**
 * The server's side of the pty host thread (pty-host-worker.mjs): starts ptys there and relays
 * writes, resizes and pauses to them, their output and exits back. Signals go straight to the
 * process group from here (process.kill needs no thread).
 */
export class PtyHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly entries = new Map<number, Entry>();
  /** Spawns not answered yet by the thread. */
  private readonly starting = new Map<number, { resolve: (p: HostedPty) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  spawn(file: string, args: string[], opts: { cols: number; rows: number; cwd: string; env: Record<string, string> }): Promise<HostedPty> {
    const id = this.nextId++;
    const entry = new Entry(id, this, new Int32Array(new SharedArrayBuffer(8)));
    return new Promise<HostedPty>((resolve, reject) => {
      this.starting.set(id, { resolve, reject });
      this.entries.set(id, entry);
      this.busy();
      this.post({ op: "spawn", id, file, args, opts, backlog: entry.backlog.buffer });
    });
  }

  post(msg: { op: string; id: number; [key: string]: unknown }, transfer: ArrayBuffer[] = []): void {
    this.thread().postMessage(msg, transfer);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL(WORKER_FILE, import.meta.url), {
      workerData: {
        batchMs: PTY_BATCH_MS,
        batchBytes: PTY_BATCH_BYTES,
        floodReadBytes: PTY_FLOOD_READ_BYTES,
        backlogBytes: PTY_BACKLOG_BYTES,
      },
    });
    worker.on("message", (msg: FromWorker) => this.receive(msg));
    worker.on("error", (err) => this.lost(worker, err.message));
    worker.on("exit", (code) => this.lost(worker, `it exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(msg: FromWorker): void {
    const entry = this.entries.get(msg.id);
    if (!entry) return;
    if (msg.op === "spawned") {
      entry.pid = msg.pid;
      entry.readsIntoOwnBuffer = msg.readsIntoOwnBuffer;
      this.starting.get(msg.id)?.resolve(entry);
      this.starting.delete(msg.id);
    } else if (msg.op === "failed") {
      this.starting.get(msg.id)?.reject(new Error(msg.message));
      this.starting.delete(msg.id);
      this.forget(msg.id);
    } else if (msg.op === "data") {
      entry.received(msg.data, msg.bytes, msg.pooled);
    } else {
      this.forget(msg.id);
      entry.ended({ exitCode: msg.exitCode, signal: msg.signal });
    }
  }

  /** The thread is gone (a crash; an idle exit has no entries left): every pty it held is reported ended. */
  private lost(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (this.entries.size > 0)
      console.error(`runlog: the pty host thread stopped (${why}); its ${this.entries.size} terminal(s) are reported ended`);
    for (const { reject } of this.starting.values()) reject(new Error(`The pty host thread stopped (${why}).`));
    this.starting.clear();
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const e of entries) e.ended({ exitCode: null, signal: null });
    this.idle();
  }

  private forget(id: number): void {
    this.entries.delete(id);
    if (this.entries.size === 0) this.idle();
  }

  /** A pty is open: the thread keeps the process alive, and stays. */
  private busy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.thread().ref();
  }

  private idle(): void {
    const worker = this.worker;
    if (!worker) return;
    worker.unref();
    this.idleTimer ??= setTimeout(() => {
      this.idleTimer = null;
      if (this.entries.size > 0 || this.worker !== worker) return;
      this.worker = null;
      void worker.terminate();
    }, IDLE_EXIT_MS).unref();
  }
}

// One thread for the whole process, shared through globalThis like the live runs (Next's bundle
// and the custom server load this module separately).
const g = globalThis as unknown as { runlogPtyHost?: PtyHost };
export function ptyHost(): PtyHost {
  g.runlogPtyHost ??= new PtyHost();
  return g.runlogPtyHost;
}
