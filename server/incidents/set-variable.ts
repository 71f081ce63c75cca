import { z } from "zod";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { SecretBox } from "../secrets/secret-box";
import { parseContent } from "../runbooks/catalog";
import { isSecretName } from "../shared/secret-names";
import { appendEvent } from "../timeline/append-event";

// Names a variable may not take: they change how the shell, the dynamic linker or the programs a
// command starts behave (a pager, an editor, an interpreter's start-up file can run anything).
const RESERVED = new RegExp(
  "^(" +
    [
      "PATH|HOME|SHELL|TERM|IFS|PS[0-4]|ENV|BASH_ENV|BASHOPTS|SHELLOPTS|CDPATH|GLOBIGNORE|PROMPT_COMMAND|TMOUT|HISTFILE|INPUTRC",
      "LD_[A-Z_]+|DYLD_[A-Z_]+|GCONV_PATH|LOCPATH|MALLOC_[A-Z_]+|BASH_[A-Z_]+|RUNLOG_[A-Z_]+",
      "PAGER|MANPAGER|GIT_PAGER|PSQL_PAGER|SYSTEMD_PAGER|LESSOPEN|LESSCLOSE|EDITOR|VISUAL|SSH_ASKPASS|SUDO_ASKPASS",
      "PERL5OPT|PERL5LIB|PERLLIB|PYTHONSTARTUP|PYTHONPATH|PYTHONHOME|PYTHONINSPECT|RUBYOPT|RUBYLIB|NODE_OPTIONS|NODE_PATH",
      "JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|GIT_SSH|GIT_SSH_COMMAND|GIT_EXEC_PATH|GIT_CONFIG_[A-Z_0-9]+|GIT_CONFIG",
    ].join("|") +
    ")$",
);

export const ZSetVariableInput = z.object({
  incidentId: z.string(),
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "A variable name is letters, digits and _, not starting with a digit.")
    .refine((n) => !RESERVED.test(n), "This name is reserved: it changes how the shell itself behaves."),
  value: z
    .string()
    .max(8192, "Values are at most 8192 characters.")
    .refine((v) => !v.includes("\0"), "Values cannot hold NUL bytes."),
  secret: z.boolean(),
  /** An empty value is a decision, not a slip: without this it is refused. */
  emptyOnPurpose: z.boolean().default(false),
});

/**
 * Sets (or replaces) an incident variable. Commands receive it as an environment variable. A
 * secret is masked in every output, stored text and message; its value is kept only to run.
 */
export async function setVariable(
  db: PrismaClient,
  actor: string,
  input: z.input<typeof ZSetVariableInput>,
  box: SecretBox,
): Promise<void> {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true, runbookContent: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  // The server decides what is secret: the runbook's word, or a name that says so. The page may
  // ask for more secrecy, never for less.
  const declared = (await parseContent(incident.runbookContent)).runbook.variables.find((v) => v.name === input.name);
  const mustBeSecret = declared?.secret === true || isSecretName(input.name);
  if (mustBeSecret && !input.secret) {
    const why = isSecretName(input.name) ? "its name says it holds a secret" : "the runbook declares it secret";
    throw new AppError("BAD_REQUEST", `$${input.name} is a secret (${why}): it is stored encrypted and shown masked, never in clear.`);
  }
  // Shorter secrets would mask ordinary text all over the output.
  if (input.secret && input.value.length < 4)
    throw new AppError("BAD_REQUEST", "A secret value must be at least 4 characters to be masked reliably.");
  if (input.value === "" && input.emptyOnPurpose !== true)
    throw new AppError("BAD_REQUEST", `$${input.name} would be empty: type a value, or tick "empty on purpose".`);
  const emptyOnPurpose = input.value === "";
  const setAt = new Date();
  // A secret is stored encrypted: the database file never holds it in clear.
  const value = input.secret ? box.seal(input.value) : input.value;
  await db.$transaction(async (tx) => {
    await tx.incidentVariable.upsert({
      where: { incidentId_name: { incidentId: input.incidentId, name: input.name } },
      create: { incidentId: input.incidentId, name: input.name, value, secret: input.secret, emptyOnPurpose, setBy: actor, setAt },
      update: { value, secret: input.secret, emptyOnPurpose, setBy: actor, setAt },
    });
    await appendEvent(tx, {
      incidentId: input.incidentId,
      actor,
      at: setAt,
      body: { type: "variable.set", payload: { name: input.name, secret: input.secret, value: input.secret ? null : input.value } },
    });
  });
}
