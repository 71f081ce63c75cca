/** Calls in one tRPC batch: the server refuses more, and the page's client never sends more. */
export const MAX_BATCH_CALLS = 20;
