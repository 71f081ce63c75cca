import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

/** For route pages: an unknown or malformed id in the URL is a 404 page, not an error page. */
export async function orNotFound<T>(result: Promise<T>): Promise<T> {
  try {
    return await result;
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  }
}
