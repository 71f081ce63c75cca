import type { Role, SessionUser } from "../shared/roles";

/** A signed-in person for procedure tests: the session itself is tested in server/auth. */
export function testUser(role: Role, email = `${role}@example.test`): SessionUser {
  return { id: `usr_${email}`, email, name: email, role, mustChangePassword: false };
}
