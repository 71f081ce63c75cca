// Flow control of a run's output, per viewer, in bytes sent and not yet acknowledged (VS Code's
// pty host and wetty use the same scheme). These numbers only work together: they live here.

/** A viewer above this much unacknowledged output gets nothing more until it is back under LOW_WATER. */
export const HIGH_WATER_BYTES = 1024 * 1024;
export const LOW_WATER_BYTES = 256 * 1024;
/** A viewer acknowledges at least this often (in bytes written). Below LOW_WATER, or a waiting viewer could never resume. */
export const ACK_EVERY_BYTES = 64 * 1024;
/** Recent output kept per run, from which a viewer that fell behind catches up or a snapshot is built. */
export const RING_BYTES = 12 * 1024 * 1024;
/** A snapshot replays at most this much of the ring's newest output (after the modes set before it): enough for the scrollback it keeps. */
export const SNAPSHOT_BYTES = 2 * 1024 * 1024;
/**
 * It first replays this much, which fills the scrollback when the output is mostly text (2,000
 * rows of 120 columns); only when that leaves the scrollback short does it replay SNAPSHOT_BYTES.
 * A viewer that falls behind a flood is resynced every second or so: each replay is parsed.
 */
export const SNAPSHOT_FIRST_BYTES = 256 * 1024;
/**
 * Viewers that fall behind together (every tab of a flood, about once a second each) share one
 * snapshot: one built less than this long ago is given again, while what follows it is still in
 * the ring. Rendering one costs the server's main thread tens of milliseconds.
 */
export const SNAPSHOT_SHARE_MS = 250;
/** The runner is not skipped ahead while they type: keystrokes within this long hold the command at their pace. */
export const TYPING_HOLD_MS = 1000;
/** Chunks that piled up while the event loop was busy leave as one frame of at most this size. */
export const MAX_FRAME_BYTES = 256 * 1024;
/**
 * A read from the pty at least this large means the command writes faster than it is read (a
 * keystroke's echo or a prompt is a few bytes): its output waits up to FRAME_COALESCE_MS to leave
 * with what follows, so a flood goes out in frames of ~100 KiB instead of one per 4 KiB read.
 */
export const FLOOD_READ_BYTES = 2048;
export const FRAME_COALESCE_MS = 3;
/**
 * The pty host thread (server/exec/pty-host-worker.mjs) reads every pty at once and hands output
 * over in batches: a read of PTY_FLOOD_READ_BYTES or more that follows other output within
 * PTY_BATCH_MS waits for the rest of that window, up to PTY_BATCH_BYTES. Reads while a command
 * floods are ~1 KiB there (the thread reads as soon as anything arrives); an echo is a few bytes.
 */
export const PTY_BATCH_MS = 2;
export const PTY_BATCH_BYTES = 256 * 1024;
export const PTY_FLOOD_READ_BYTES = 512;
/** Output read from a pty that the server has not taken yet; past it the pty is read no further, and the command waits. */
export const PTY_BACKLOG_BYTES = 4 * 1024 * 1024;
/** After the run ends, a viewer that stopped acknowledging is cut off after this long. */
export const END_GRACE_MS = 30_000;

/** The conditions under which the numbers above cannot deadlock or stall; checked by a unit test and at start-up. */
export function flowControlProblems(n = { HIGH_WATER_BYTES, LOW_WATER_BYTES, ACK_EVERY_BYTES, RING_BYTES, MAX_FRAME_BYTES }): string[] {
  const out: string[] = [];
  if (n.ACK_EVERY_BYTES >= n.LOW_WATER_BYTES) out.push("the ack interval must be below the low-water mark");
  if (n.LOW_WATER_BYTES >= n.HIGH_WATER_BYTES) out.push("the low-water mark must be below the high-water mark");
  if (n.MAX_FRAME_BYTES > n.HIGH_WATER_BYTES) out.push("a frame must fit in the high-water window");
  if (n.RING_BYTES < n.HIGH_WATER_BYTES) out.push("the ring must hold at least one window of output");
  return out;
}
