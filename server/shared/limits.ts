/** Calls in one tRPC batch: the server refuses more, and the page's client never sends more. */
export const MAX_BATCH_CALLS = 20;

/** How often an open stream (terminal output, timeline events) checks that its session still holds. */
export const SESSION_RECHECK_MS = 3000;
