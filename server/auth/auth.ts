import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { admin } from "better-auth/plugins";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import { keyFile } from "../secrets/key-file";
import { applyOidcRole, OIDC_PROVIDER_ID } from "./oidc-role";
import { clearFailures, lockedUntil, lockMessage, recordFailure } from "./sign-in-throttle";

/** The header the server itself sets to the TCP peer's address (a client's own value is overwritten). */
export const CLIENT_IP_HEADER = "x-runlog-client-ip";

/**
 * Sign-in by better-auth: local accounts (scrypt-hashed passwords, no self sign-up: accounts come
 * from `runlog user add`), database sessions in HttpOnly SameSite=Lax cookies (Secure under
 * https), roles from its admin plugin, optional OpenID Connect, throttling per address and a
 * lock per account after repeated wrong passwords.
 */
export function createAuth(db: PrismaClient, cfg: Config) {
  return betterAuth({
    appName: "Runlog",
    baseURL: cfg.baseUrl,
    secret: cfg.authSecret ?? keyFile(cfg.dataDir, "auth-secret"),
    trustedOrigins: cfg.trustedOrigins,
    database: prismaAdapter(db, { provider: "sqlite" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: { additionalFields: { mustChangePassword: { type: "boolean", input: false, defaultValue: false } } },
    plugins: [
      admin({ defaultRole: "viewer", adminRoles: ["admin"] }),
      ...(cfg.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  discoveryUrl: `${cfg.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
                  clientId: cfg.oidc.clientId,
                  clientSecret: cfg.oidc.clientSecret,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                  // Never an unverified ID token: its signature, issuer, audience and expiry are checked.
                  requireIdTokenVerification: true,
                  // Signing out of Runlog also ends the provider's session, then comes back here.
                  postLogoutRedirectURI: "/sign-in",
                },
              ],
            }),
          ]
        : []),
    ],
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 600,
      customRules: { "/sign-in/email": { window: 60, max: 30 }, "/sign-in/social": { window: 60, max: 30 } },
    },
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    telemetry: { enabled: false },
    // A failed SSO sign-in comes back to the sign-in page, which says what went wrong.
    onAPIError: { errorURL: `${cfg.baseUrl}/sign-in` },
    databaseHooks: {
      session: {
        create: {
          before: async (session, ctx) => {
            if (cfg.oidc && ctx?.path?.includes(`/callback/`)) await applyOidcRole(db, cfg.oidc, session.userId);
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/update-user") return refuseBorrowedName(db, ctx.body, (await getSessionFromCtx(ctx))?.user.id ?? null);
        if (ctx.path !== "/sign-in/email") return;
        const email = emailOf(ctx.body);
        const until = email ? await lockedUntil(db, email) : null;
        if (until) throw new APIError("TOO_MANY_REQUESTS", { message: lockMessage(until) });
      }),
      after: createAuthMiddleware(async (ctx) => {
        // A password the CLI printed is replaced: it no longer has to be.
        if (ctx.path === "/change-password" && !(ctx.context.returned instanceof APIError) && ctx.context.session) {
          await db.user.update({ where: { id: ctx.context.session.user.id }, data: { mustChangePassword: false } });
        }
        if (ctx.path !== "/sign-in/email") return;
        const email = emailOf(ctx.body);
        if (!email) return;
        if (ctx.context.newSession) await clearFailures(db, email);
        else if (ctx.context.returned instanceof APIError && ctx.context.returned.statusCode === 401) await recordFailure(db, email);
      }),
    },
  });
}

export type RunlogAuth = ReturnType<typeof createAuth>;

/** A display name is one's own: not another account's name or email, in any case or spacing. */
async function refuseBorrowedName(db: PrismaClient, body: unknown, userId: string | null): Promise<void> {
  const name = (body as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string") return;
  const wanted = name.trim().replace(/\s+/g, " ").toLowerCase();
  if (!wanted || wanted.length > 100) throw new APIError("BAD_REQUEST", { message: "A name is 1 to 100 characters." });
  const others = await db.user.findMany({ where: { id: { not: userId ?? "" } }, select: { name: true, email: true } });
  const taken = others.some((o) => o.email.toLowerCase() === wanted || o.name.trim().replace(/\s+/g, " ").toLowerCase() === wanted);
  if (taken) throw new APIError("BAD_REQUEST", { message: "That name belongs to another account: choose your own." });
}

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" && email.length <= 320 ? email : null;
}
