import { TRPCError } from "@trpc/server";

/** A plain-text response: what a route handler answers a person (or curl) when it cannot serve. */
export function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** An API error as the HTTP status a route handler answers with; anything else is rethrown. */
export function routeError(err: unknown): Response {
  if (!(err instanceof TRPCError)) throw err;
  const status =
    err.code === "NOT_FOUND" || err.code === "BAD_REQUEST" ? 404 : err.code === "FORBIDDEN" ? 403 : err.code === "UNAUTHORIZED" ? 401 : 500;
  return textResponse(status, err.message);
}
