// After a command's output has streamed through, V8 keeps the heap it grew to (~400 MB after a
// flood into three tabs, against ~190 MB at rest). Its memory reducer gives that back only when
// the heap grew since the reducer last ran, so after a second burst of the same size it often
// never does (measured: 20 s and no collection). Runlog knows when a burst ends: a run finished
// and none is live. Then one full collection (node --expose-gc, set by scripts/serve.sh) frees the
// dead buffers and lets V8 release the pages; the allocator hands them back within a second.

/**
 * How long after the last run ends, with none running, the collection waits: V8 shrinks its young
 * generation in a collection only once the allocation rate it measures (over ~5 s) is low. At 3 s
 * the heap stayed at 114 MB committed (RSS 217 MB); at 6 s it went to 83 MB (RSS 188 MB).
 */
export const IDLE_COLLECT_MS = 6000;

type Collect = (options: { type: "major"; execution: "async" }) => unknown;

let timer: NodeJS.Timeout | null = null;

/** Once `IDLE_COLLECT_MS` pass with `idle()` true at the end, collects garbage; each call restarts the wait. A no-op where gc is not exposed (development). */
export function collectWhenIdle(idle: () => boolean, collect: Collect | undefined = (globalThis as { gc?: Collect }).gc): void {
  if (!collect) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    if (idle()) void collect({ type: "major", execution: "async" });
  }, IDLE_COLLECT_MS);
  // Never what keeps the process alive.
  timer.unref();
}
