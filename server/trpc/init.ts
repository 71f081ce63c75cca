// 1. Context: what every procedure gets.
// 2. Initialisation: transformer and an error shape without stack traces.
// 3. Procedures: the building blocks routers use.
import type { IncomingMessage } from "node:http";
import { initTRPC, TRPCError } from "@trpc/server";
import { fromNodeHeaders } from "better-auth/node";
import superjson from "superjson";
import { ZodError } from "zod";
import { config, type Config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { sessionUser } from "../auth/session";
import { hasRole, type Role, type SessionUser } from "../shared/roles";

// 1. Context
export interface Context {
  db: PrismaClient;
  cfg: Config;
  /** Who is signed in (from the request's session cookie), or null. */
  user: SessionUser | null;
  /** Who the request's session belongs to now: long-lived streams ask again while they are open. */
  recheckUser?: () => Promise<SessionUser | null>;
}

/** Over HTTP: the session comes from the request's cookie. */
export async function createContext({ req }: { req: IncomingMessage }): Promise<Context> {
  const recheckUser = () => sessionUser(fromNodeHeaders(req.headers));
  return contextFor(await recheckUser(), recheckUser);
}

export function contextFor(user: SessionUser | null, recheckUser?: () => Promise<SessionUser | null>): Context {
  return { db: db(), cfg: config(), user, ...(recheckUser ? { recheckUser } : {}) };
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
  return "Invalid input: " + err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
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
/** Open to anyone who can reach the server: nothing in the app uses it for incident data. */
export const publicProcedure = t.procedure.use(appErrors);

/**
 * Procedures for people with at least `role`. The check runs before the input is even parsed,
 * and `ctx.actor` (the timeline's "who") is the signed-in person's email.
 */
export function roleProcedure(role: Role) {
  return publicProcedure.use(({ ctx, next }) => {
    const user = ctx.user;
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
    if (user.mustChangePassword)
      throw new TRPCError({ code: "FORBIDDEN", message: "Choose your own password first: the one you were given works once." });
    if (!hasRole(user.role, role))
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${role} role; you are ${user.role}.` });
    return next({ ctx: { ...ctx, user, actor: user.email } });
  });
}

export const viewerProcedure = roleProcedure("viewer");
export const responderProcedure = roleProcedure("responder");
export const commanderProcedure = roleProcedure("commander");
export const adminProcedure = roleProcedure("admin");
