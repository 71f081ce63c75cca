import type { IncomingMessage } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for state-changing requests and the stream's upgrade: a
 * browser names the page's origin (Origin, or Sec-Fetch-Site); anything from another site is
 * refused. Requests with neither header come from tools, not from a browser carrying a victim's
 * cookie, and pass.
 */
export function crossSiteRequest(req: IncomingMessage, trustedOrigins: string[], upgrade = false): boolean {
  if (!upgrade && SAFE_METHODS.has(req.method ?? "GET")) return false;
  const origin = req.headers.origin;
  if (origin !== undefined) return origin === "null" || !trustedOrigins.includes(origin);
  return req.headers["sec-fetch-site"] === "cross-site";
}
