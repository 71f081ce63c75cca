import type { FeedHealth } from "./use-live-incident";

/** Whether this page is receiving the incident live; the feed's figures ride along for tests and support. */
export function LiveIndicator({ status, feed }: { status: string; feed: FeedHealth }) {
  const label = status === "pending" ? "● live" : status === "connecting" ? "○ reconnecting…" : "○ offline: reload";
  return (
    <span
      aria-label="Live updates"
      data-last-seq={feed.lastSeq}
      data-gaps={feed.gaps}
      data-repeats={feed.repeats}
      title={`last event #${feed.lastSeq}`}
      className={status === "pending" ? "text-emerald-400" : "text-amber-400"}
    >
      {label}
    </span>
  );
}
