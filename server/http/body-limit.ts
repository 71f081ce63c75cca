import type http from "node:http";

/** The largest request body Runlog reads (a 64 KiB edit, a note, a batch of calls fit many times over). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * A body this server must not read: larger than the cap, or of unknown length (chunked) where
 * the handler would read it whole before anything could count it. Answered before reading.
 */
export function refuseLargeBody(req: http.IncomingMessage, res: http.ServerResponse, limit = MAX_BODY_BYTES): boolean {
  const length = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (length === undefined && !chunked) return false;
  if (length !== undefined && /^\d+$/.test(length) && Number(length) <= limit) return false;
  const status = length === undefined ? 411 : 413;
  res.writeHead(status, { "content-type": "application/json", connection: "close" });
  res.end(
    JSON.stringify({
      error: {
        message:
          status === 411
            ? "Refused: send the request body with a Content-Length."
            : `Refused: the request body is larger than ${limit / (1024 * 1024)} MiB.`,
      },
    }),
  );
  // Nothing reads the refused body; the connection closes once the answer is out.
  return true;
}

/** The body as text, or null when it is larger than `limit` (the rest is read and dropped). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
