import { z } from "zod";

/** What each role may do, each including the one before: read; run and note; command; manage users. */
export const ROLES = ["viewer", "responder", "commander", "admin"] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

export function hasRole(role: string | null | undefined, atLeast: Role): boolean {
  const have = ROLES.indexOf(role as Role);
  return have >= 0 && have >= ROLES.indexOf(atLeast);
}

/** The signed-in person as procedures, pages and the stream endpoint see them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
}
