import { createHmac } from "node:crypto";
import { safeEqual } from "../secrets/safe-equal";

/** The header an instance signs its calls to another with. */
export const CLUSTER_AUTH_HEADER = "x-runlog-cluster";

// A signature is good this long either side of its time: instances' clocks agree to NTP's
// precision, and a recorded header cannot be replayed for long.
const SKEW_MS = 60_000;

/**
 * `v1.<instance>.<ms>.<hmac>` over what is called (method, path and query, body): a call
 * signed for one run or one body is refused for any other.
 */
export function signClusterCall(secret: string, fromInstance: string, what: string, now = Date.now()): string {
  return `v1.${fromInstance}.${now}.${mac(secret, fromInstance, now, what)}`;
}

/** The calling instance's id when `header` is a fresh signature of `what` under `secret`; null otherwise. */
export function verifyClusterCall(secret: string | null, header: string | undefined, what: string, now = Date.now()): string | null {
  if (!secret || !header) return null;
  const m = /^v1\.([A-Za-z0-9][A-Za-z0-9._:-]{0,99})\.(\d{1,16})\.([0-9a-f]{64})$/.exec(header);
  if (!m) return null;
  const [, from, at, sig] = m as unknown as [string, string, string, string];
  if (Math.abs(now - Number(at)) > SKEW_MS) return null;
  return safeEqual(mac(secret, from, Number(at), what), sig) ? from : null;
}

function mac(secret: string, from: string, at: number, what: string): string {
  return createHmac("sha256", secret).update(`runlog-cluster\n${from}\n${at}\n${what}`).digest("hex");
}
