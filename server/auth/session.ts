import { config } from "../config";
import { db } from "../db";
import { ZRole, type SessionUser } from "../shared/roles";
import { createAuth, type RunlogAuth } from "./auth";

// One instance per process, like the database client (Next's bundle loads this module too).
const g = globalThis as unknown as { runlogAuth?: RunlogAuth };

export function auth(): RunlogAuth {
  g.runlogAuth ??= createAuth(db(), config());
  return g.runlogAuth;
}

/**
 * Who the request's session cookie belongs to, or null. Sessions live in the database, so a role
 * change, a disabled account or a sign-out elsewhere counts from the next request.
 */
export async function sessionUser(headers: Headers, a: RunlogAuth = auth()): Promise<SessionUser | null> {
  const session = await a.api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: string | null; banned?: boolean | null; mustChangePassword?: boolean };
  if (u.banned) return null;
  const role = ZRole.safeParse(u.role);
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: role.success ? role.data : "viewer",
    mustChangePassword: u.mustChangePassword === true,
  };
}
