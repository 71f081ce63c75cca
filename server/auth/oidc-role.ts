import { decodeJwt } from "jose";
import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import { ROLES, type Role } from "../shared/roles";
import { accessChanged } from "./access-events";

export const OIDC_PROVIDER_ID = "oidc";

/** The role the claim's values map to: the highest one matched, viewer when none is. */
export function roleFromClaims(claims: Record<string, unknown>, claim: string, map: Map<string, Role>): Role {
  const raw = claims[claim];
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : typeof raw === "string" ? [raw] : [];
  const matched = values.map((v) => map.get(v)).filter((r): r is Role => r !== undefined);
  return matched.reduce<Role>((best, r) => (ROLES.indexOf(r) > ROLES.indexOf(best) ? r : best), "viewer");
}

/**
 * At an SSO sign-in, before its session is made: the account's role follows the identity
 * provider's claim (so a change there takes effect at the next sign-in). It reads the ID token
 * better-auth has just verified (signature against the provider's keys, issuer, audience,
 * expiry, nonce) and stored on the account. A disabled account stays disabled: only the role
 * is written, and the session is refused after this for a disabled account.
 */
export async function applyOidcRole(db: PrismaClient, oidc: NonNullable<Config["oidc"]>, userId: string): Promise<void> {
  if (!oidc.roleClaim) return;
  const account = await db.account.findFirst({
    where: { userId, providerId: OIDC_PROVIDER_ID },
    orderBy: { updatedAt: "desc" },
    select: { idToken: true },
  });
  if (!account?.idToken) return;
  const role = roleFromClaims(decodeJwt(account.idToken), oidc.roleClaim, oidc.roleMap);
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (!user || user.role === role) return;
  await db.user.update({ where: { id: userId }, data: { role } });
  accessChanged(userId);
}
