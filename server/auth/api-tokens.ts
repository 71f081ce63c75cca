import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { newId } from "../shared/new-id";

/** What a machine token may do: post alerts (Alertmanager's webhook), or read postmortem exports. */
export const TOKEN_SCOPES = ["alerts", "export"] as const;
export const ZTokenScope = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof ZTokenScope>;

export const ZTokenName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/i,
    "A token name is 1 to 64 letters, digits, '.', '_' or '-' (it is shown as who opened an incident).",
  );

const PREFIX = "rlt_";
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new token: returned once, only its hash is stored. */
export async function createToken(db: PrismaClient, input: { name: string; scope: TokenScope; createdBy: string }): Promise<string> {
  const parsed = ZTokenName.safeParse(input.name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
  const name = parsed.data;
  if (await db.apiToken.findUnique({ where: { name } })) throw new AppError("CONFLICT", `A token named ${name} exists already.`);
  const token = PREFIX + randomBytes(32).toString("base64url");
  await db.apiToken.create({
    data: { id: newId("tok"), name, scope: input.scope, hash: hashOf(token), createdBy: input.createdBy, createdAt: new Date() },
  });
  return token;
}

export function listTokens(db: PrismaClient) {
  return db.apiToken.findMany({
    orderBy: { createdAt: "asc" },
    select: { name: true, scope: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeToken(db: PrismaClient, name: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", `No token named ${name} that is not revoked already.`);
}

export type TokenCheck = { ok: true; name: string } | { ok: false; status: 401 | 403; message: string };

/** An `Authorization: Bearer …` header, for one scope: 401 without a valid token, 403 with one of another scope. */
export async function checkBearer(db: PrismaClient, header: string | undefined, scope: TokenScope): Promise<TokenCheck> {
  const token = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header ?? "")?.[1];
  if (!token || !token.startsWith(PREFIX))
    return { ok: false, status: 401, message: "A bearer token is needed: Authorization: Bearer rlt_…" };
  const row = await db.apiToken.findUnique({ where: { hash: hashOf(token) } });
  if (!row || row.revokedAt) return { ok: false, status: 401, message: "This token is not valid (unknown or revoked)." };
  if (row.scope !== scope) return { ok: false, status: 403, message: `This token's scope is ${row.scope}; this needs ${scope}.` };
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { ok: true, name: row.name };
}
