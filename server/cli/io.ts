import { AppError } from "../errors";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input, when a command reads it (tests give it here). */
  readStdin?: () => Promise<string>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/** Exit codes: 0 ok, 1 the input has errors (lint), 2 the command line or a file is wrong. */
export class UsageError extends Error {}

/** A domain refusal (AppError) is the user's to fix: shown as a usage error, one line and no stack. */
export function asUsage(err: unknown): never {
  if (err instanceof AppError) throw new UsageError(err.message);
  throw err;
}
