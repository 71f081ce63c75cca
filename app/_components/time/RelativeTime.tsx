"use client";
import { useSyncExternalStore } from "react";
import { timeAgo, utcTime } from "@/server/shared/timeline-figures";

// One clock for every relative time on the page, ticking every 15 s (not a timer per element).
// The server has no clock of its own here: it renders the exact time, the browser the words.
const TICK_MS = 15_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();
function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  // The clock stood still while nothing showed a time: set it before the first one shows.
  if (!timer) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, TICK_MS);
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
const clock = () => now;
const noClock = () => null;

/** Between two ticks an event that just arrived is newer than the clock: it happened just now. */
const sinceMs = (at: Date, clockNow: number) => {
  const ms = clockNow - at.getTime();
  return ms < 0 && ms > -TICK_MS ? 0 : ms;
};

/**
 * "4 min ago", with the exact UTC time on hover and on focus (and read by screen readers). The
 * server renders the same words for the request's time; the browser's clock takes over after.
 * With `clock` (a long list such as the timeline) the time of day shows beside the words, and
 * the element is no tab stop: a thousand events would be a thousand stops for the keyboard.
 */
export function RelativeTime({ at, prefix = "", clock: withClock = false }: { at: Date; prefix?: string; clock?: boolean }) {
  const current = useSyncExternalStore(subscribe, clock, noClock);
  const exact = utcTime(at);
  return (
    <time
      dateTime={at.toISOString()}
      title={exact}
      aria-label={`${prefix}${current === null ? exact : `${timeAgo(sinceMs(at, current))}, ${exact}`}`}
      tabIndex={withClock ? undefined : 0}
      className="group relative cursor-help whitespace-nowrap underline decoration-zinc-600 decoration-dotted underline-offset-2 outline-none focus-visible:ring-1 focus-visible:ring-amber-400"
    >
      {prefix}
      {withClock && current !== null && `${exact.slice(11, 19)} · `}
      {current === null ? exact : timeAgo(sinceMs(at, current))}
      <span
        aria-hidden
        className="pointer-events-none absolute left-0 top-full z-20 mt-1 hidden rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-xs text-zinc-200 shadow group-hover:block group-focus-visible:block"
      >
        {exact}
      </span>
    </time>
  );
}
