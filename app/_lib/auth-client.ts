"use client";
import { createAuthClient } from "better-auth/react";

/** better-auth's browser client: sign-in, sign-out and password change against /api/auth on this origin. */
export const authClient = createAuthClient();
