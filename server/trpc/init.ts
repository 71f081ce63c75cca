// 1. Context: what every procedure gets.
// 2. Initialisation: transformer and an error shape without stack traces.
// 3. Procedures: the building blocks routers use.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { config, type Config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";

// 1. Context
export interface Context {
  db: PrismaClient;
  cfg: Config;
  /** Who acts. A single local user until sign-in exists. */
  actor: string;
}

export function createContext(): Context {
  const cfg = config();
  return { db: db(), cfg, actor: cfg.actor };
}

// 2. Initialisation
const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: zod ? describeZodError(zod) : shape.message,
      data: { ...data, fieldErrors: zod ? zod.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null },
    };
  },
});

export function describeZodError(err: ZodError): string {
  return (
    "Invalid input: " +
    err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")
  );
}

// 3. Procedures
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Open to anyone who can reach the server; the sign-in issue adds role-checked procedures. */
export const publicProcedure = t.procedure.use(appErrors);
