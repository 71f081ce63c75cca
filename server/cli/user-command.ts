import { randomBytes } from "node:crypto";
import { z } from "zod";
import { disableAccount, findAccount, listAccounts } from "../auth/accounts";
import { createAuth } from "../auth/auth";
import { clearFailures } from "../auth/sign-in-throttle";
import { readConfig } from "../config";
import { createPrisma } from "../db";
import { migrateConfigured } from "../db/migrate-database";
import type { PrismaClient } from "../generated/prisma/client";
import { ROLES, ZRole } from "../shared/roles";
import { UsageError, type CliIo } from "./io";

export interface UserArgs {
  action: string | undefined;
  rest: string[];
  role: string | undefined;
  name: string | undefined;
  /** The password, read from stdin when --password-stdin was given. */
  readPassword: (() => Promise<string>) | null;
}

const ZEmail = z.email();

/**
 * `runlog user add|list|role|disable|enable|unlock`: accounts, managed where the server runs.
 * `add` prints a one-time password (the first sign-in must replace it) unless one comes on stdin.
 */
export async function userCommand(args: UserArgs, io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const cfg = readConfig(env);
  await migrateConfigured(cfg);
  const db = createPrisma(cfg);
  try {
    switch (args.action) {
      case "add":
        return await addUser(db, cfg, args, io);
      case "list":
        return await listUsers(db, io);
      case "role": {
        const [email, role] = args.rest;
        const user = await existing(db, email);
        const parsed = parseRole(role);
        await db.user.update({ where: { id: user.id }, data: { role: parsed } });
        io.out(`${user.email} is now ${parsed}.`);
        return 0;
      }
      case "disable": {
        const user = await existing(db, args.rest[0]);
        await disableAccount(db, user.id, "disabled with runlog user disable");
        io.out(`${user.email} is disabled and signed out everywhere.`);
        return 0;
      }
      case "enable": {
        const user = await existing(db, args.rest[0]);
        await db.user.update({ where: { id: user.id }, data: { banned: false, banReason: null } });
        io.out(`${user.email} may sign in again.`);
        return 0;
      }
      case "unlock": {
        const user = await existing(db, args.rest[0]);
        await clearFailures(db, user.email);
        io.out(`${user.email} is unlocked.`);
        return 0;
      }
      default:
        throw new UsageError(
          "user needs one of: add <email> --role <role>, list, role <email> <role>, disable <email>, enable <email>, unlock <email>",
        );
    }
  } finally {
    await db.$disconnect();
  }
}

async function addUser(db: PrismaClient, cfg: ReturnType<typeof readConfig>, args: UserArgs, io: CliIo): Promise<number> {
  const email = ZEmail.safeParse(args.rest[0]);
  if (!email.success) throw new UsageError("user add needs an email address: runlog user add dana@example.com --role commander");
  const role = parseRole(args.role);
  if (await findAccount(db, email.data)) throw new UsageError(`${email.data} already has an account (runlog user role to change its role)`);
  const given = args.readPassword ? (await args.readPassword()).replace(/\r?\n$/, "") : null;
  if (given !== null && (given.length < 12 || given.length > 256))
    throw new UsageError("the password on stdin must be 12 to 256 characters");
  const password = given ?? randomBytes(18).toString("base64url");
  const auth = createAuth(db, cfg);
  const { user } = await auth.api.createUser({
    body: { email: email.data, password, name: args.name ?? email.data.split("@")[0]!, role } as never,
  });
  await db.user.update({ where: { id: user.id }, data: { mustChangePassword: given === null } });
  io.out(`Created ${user.email} (${role}).`);
  if (given === null) io.out(`One-time password: ${password}\nThey must choose their own password when they first sign in with it.`);
  return 0;
}

async function listUsers(db: PrismaClient, io: CliIo): Promise<number> {
  const users = await listAccounts(db);
  if (users.length === 0) {
    io.out("No accounts yet: runlog user add <email> --role admin");
    return 0;
  }
  for (const u of users) {
    const flags = [u.banned ? "disabled" : null, u.mustChangePassword ? "one-time password not changed yet" : null]
      .filter(Boolean)
      .join(", ");
    io.out(`${u.email.padEnd(32)} ${(u.role ?? "viewer").padEnd(10)} ${u.name}${flags ? `  (${flags})` : ""}`);
  }
  return 0;
}

async function existing(db: PrismaClient, email: string | undefined) {
  if (!email) throw new UsageError("say which account: an email address");
  const user = await findAccount(db, email);
  if (!user) throw new UsageError(`no account ${email} (runlog user list shows them)`);
  return user;
}

function parseRole(role: string | undefined) {
  const parsed = ZRole.safeParse(role);
  if (!parsed.success) throw new UsageError(`a role is one of ${ROLES.join(", ")}`);
  return parsed.data;
}
