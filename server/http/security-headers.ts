import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The Content-Security-Policy of one response. Scripts run only with this response's nonce
 * (Next puts it on its own bootstrap scripts when it finds it in the request's CSP header) and
 * what those load ('strict-dynamic'): no inline script an attacker slips into a page can run.
 * xterm.js sets inline styles, hence 'unsafe-inline' for styles only; eval stays off outside
 * development (Next's dev server needs it for hot reload).
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** Headers on every response, but the CSP, which is per response. */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}

/** Sets the headers and a fresh CSP nonce, and hands the CSP to Next through the request (where it reads the nonce). */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, dev: boolean): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"), dev);
  res.setHeader("Content-Security-Policy", csp);
  req.headers["content-security-policy"] = csp;
}
