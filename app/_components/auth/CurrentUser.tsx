"use client";
import { createContext, useContext, type ReactNode } from "react";
import { hasRole, type Role, type SessionUser } from "@/server/shared/roles";

const CurrentUserContext = createContext<SessionUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): SessionUser | null {
  return useContext(CurrentUserContext);
}

/**
 * Whether the signed-in person's role allows an action: the page hides what it would refuse.
 * (The server checks every request on its own; this only keeps the page honest.)
 */
export function useCan(role: Role): boolean {
  return hasRole(useCurrentUser()?.role, role);
}
