import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { isUniqueViolation } from "../db/unique-violation";
import { newId } from "../shared/new-id";
import { createAuth } from "./auth";

// First start without a manual: while no account exists, each server start issues a setup link
// (valid SETUP_TTL_MS, good once) where the first admin chooses their email and password. Only a
// hash of the token is kept, in better-auth's verification table; once any account exists every
// link is refused, so the link cannot be used to take over an installation that is set up.
// Each instance of a cluster prints its own link: one row with a fixed id is the claim on
// creating the first admin, so of two links used at the same moment only one creates an account.

const IDENTIFIER = "runlog:first-admin-setup";
/** The id of the row that claims the creation of the first admin (see claimFirstAdmin). */
export const FIRST_ADMIN_CLAIM_ID = "runlog:first-admin-claim";
/** A claim whose holder died before creating the account stops blocking setup after this long. */
const CLAIM_TTL_MS = 2 * 60 * 1000;
export const SETUP_TTL_MS = 30 * 60 * 1000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export const ZFirstAdmin = z.object({
  token: z.string().min(1).max(200),
  email: z.email("Enter an email address.").max(320),
  name: z.string().trim().max(100).optional(),
  password: z.string().min(12, "Use at least 12 characters.").max(256, "Use at most 256 characters."),
});

/** A new setup token, or null when an account exists already (then no link is printed). */
export async function issueSetupToken(db: PrismaClient, now = new Date()): Promise<string | null> {
  await db.verification.deleteMany({ where: { identifier: IDENTIFIER, expiresAt: { lte: now } } });
  if ((await db.user.count()) > 0) return null;
  const token = randomBytes(32).toString("base64url");
  await db.verification.create({
    data: {
      id: newId("tok"),
      identifier: IDENTIFIER,
      value: hashOf(token),
      expiresAt: new Date(now.getTime() + SETUP_TTL_MS),
      createdAt: now,
      updatedAt: now,
    },
  });
  return token;
}

const ALREADY_SET_UP = "Runlog is set up already: an account exists. Sign in, or ask an admin for an account.";

export type SetupState = "open" | "done" | "invalid";

/** What the setup page shows for this token: the form, "already set up", or "this link does not work". */
export async function setupState(db: PrismaClient, token: string, now = new Date()): Promise<SetupState> {
  if ((await db.user.count()) > 0) return "done";
  const found = await db.verification.findFirst({ where: { identifier: IDENTIFIER, value: hashOf(token), expiresAt: { gt: now } } });
  return found ? "open" : "invalid";
}

/**
 * Creates the first admin with the token; the token is used up whatever happens next. While
 * another link is being used, this one is refused and stays good.
 */
export async function createFirstAdmin(db: PrismaClient, cfg: Config, input: z.infer<typeof ZFirstAdmin>, now = new Date()) {
  const state = await setupState(db, input.token, now);
  if (state !== "open") throw refusal(state);
  if (!(await claimFirstAdmin(db, now))) throw new AppError("CONFLICT", ANOTHER_LINK);
  try {
    // Deleting the row is the claim on the link: of two submissions with the same link, one gets it.
    const used = await db.verification.deleteMany({
      where: { identifier: IDENTIFIER, value: hashOf(input.token), expiresAt: { gt: now } },
    });
    if (used.count !== 1) throw refusal(await setupState(db, input.token, now));
    if ((await db.user.count()) > 0) throw new AppError("FORBIDDEN", ALREADY_SET_UP);
    const { user } = await createAuth(db, cfg).api.createUser({
      body: { email: input.email, password: input.password, name: input.name || input.email.split("@")[0]!, role: "admin" } as never,
    });
    // Every other start's link dies with the first account.
    await db.verification.deleteMany({ where: { identifier: IDENTIFIER } });
    return { email: user.email };
  } finally {
    await db.verification.deleteMany({ where: { id: FIRST_ADMIN_CLAIM_ID } });
  }
}

/** Why a link does not work: the installation is set up, or the link expired or was used. */
function refusal(state: SetupState): AppError {
  if (state === "done") return new AppError("FORBIDDEN", ALREADY_SET_UP);
  return new AppError(
    "FORBIDDEN",
    "This setup link has expired or was used. Restart Runlog to print a new one, or create the account with runlog user add.",
  );
}

const ANOTHER_LINK = "Another setup link is being used right now. Wait a moment, then sign in with the account it created.";

/** Inserting the row with the fixed id is the claim: the database refuses a second one. */
async function claimFirstAdmin(db: PrismaClient, now: Date): Promise<boolean> {
  await db.verification.deleteMany({ where: { id: FIRST_ADMIN_CLAIM_ID, expiresAt: { lte: now } } });
  try {
    await db.verification.create({
      data: {
        id: FIRST_ADMIN_CLAIM_ID,
        identifier: IDENTIFIER,
        value: "claim",
        expiresAt: new Date(now.getTime() + CLAIM_TTL_MS),
        createdAt: now,
        updatedAt: now,
      },
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
