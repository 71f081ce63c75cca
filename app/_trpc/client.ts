"use client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** What the API returns, by procedure: client types come from the router, never written twice. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
