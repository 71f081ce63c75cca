import { parseArgs } from "node:util";
import { readConfig } from "../config";
import { UsageError, type CliIo } from "./io";
import { lintCommand } from "./lint-command";
import { parseCommand } from "./parse-command";
import { exportCommand } from "./export-command";
import { userCommand } from "./user-command";
import { verifyCommand } from "./verify-command";
import { suggestCommand } from "./suggest-command";
import { tokenCommand } from "./token-command";
import { dbCommand } from "./db-command";
import { targetCommand } from "./target-command";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const HELP = `runlog: runbook tools

  runlog parse <file.md> [--json]   the parsed runbook (outline, or JSON with --json)
  runlog lint [paths...]            problems in runbooks (default: the runbooks folder)
                                    exit 1 when there are errors, 0 with only warnings
  runlog verify <incident-id>       check the incident timeline's hash chain
                                    (database from RUNLOG_DATA_DIR); exit 1 when broken
  runlog export <incident-id> [--format md|json|html] [--out file]
                                    the incident's postmortem log (default md, to stdout)
  runlog suggest <incident-id>      what the incident teaches its runbook: a unified
                                    diff (edits as they ran, failed checks, skips)
                                    for git apply, on stdout
  runlog db copy --to postgres://…  this installation's SQLite data into an empty
                                    PostgreSQL database, then verifies every hash chain
  runlog token add <name> [--scope alerts|export]
                                    a token for a machine (Alertmanager); shown once
  runlog token list                 tokens with scope, last use, revoked
  runlog token revoke <name>        requests with it get 401 from then on
  runlog target add <name> --ssh user@host[:port] (--key-file F | --agent-socket S)
        [--fingerprint SHA256:… | --known-hosts F] [--jump user@bastion[:port]
        [--jump-fingerprint SHA256:…]] [--role responder|commander|admin]
        [--approval none|mutating|destructive]
                                    a host commands may run on; its host key (and the
                                    bastion's) is pinned: scanned and matched to the
                                    fingerprint, or from the file
  runlog target add <name> --docker <container> [--via <ssh target>]
  runlog target add <name> --kubectl <namespace>/<pod> [--container C] [--context X]
                                    a container (docker exec, on the Runlog server or on
                                    the ssh target) or a pod (the server's kubectl exec)
  runlog target list|remove <name>|test <name>
                                    test: connects, runs true, prints the round trip
  runlog user add <email> --role <role> [--name N] [--password-stdin]
                                    create an account; prints a one-time password
                                    unless one is given on stdin
  runlog user list                  accounts with their roles
  runlog user role <email> <role>   roles: viewer, responder, commander, admin
  runlog user disable|enable <email>
  runlog user unlock <email>        lift a lock after repeated wrong passwords

Run from the project as: npm run --silent runlog -- <command> ...`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        role: { type: "string" },
        name: { type: "string" },
        "password-stdin": { type: "boolean", default: false },
        format: { type: "string" },
        out: { type: "string", short: "o" },
        scope: { type: "string" },
        to: { type: "string" },
        ssh: { type: "string" },
        jump: { type: "string" },
        "jump-fingerprint": { type: "string" },
        docker: { type: "string" },
        via: { type: "string" },
        kubectl: { type: "string" },
        container: { type: "string" },
        context: { type: "string" },
        "key-file": { type: "string" },
        "agent-socket": { type: "string" },
        "known-hosts": { type: "string" },
        fingerprint: { type: "string" },
        approval: { type: "string" },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command || command === "help") {
      io.out(HELP);
      return command || values.help ? 0 : 2;
    }
    switch (command) {
      case "parse":
        if (rest.length > 1) throw new UsageError("parse takes one file");
        return await parseCommand({ file: rest[0], json: values.json }, io);
      case "lint":
        return await lintCommand(rest.length ? rest : [readConfig(process.env).runbooksDir], io);
      case "verify":
        if (rest.length !== 1) throw new UsageError("verify takes one incident id");
        return await verifyCommand(rest[0], io);
      case "export":
        if (rest.length !== 1) throw new UsageError("export takes one incident id");
        return await exportCommand({ id: rest[0], format: values.format, out: values.out }, io);
      case "suggest":
        if (rest.length !== 1) throw new UsageError("suggest takes one incident id");
        return await suggestCommand(rest[0], io);
      case "db":
        return await dbCommand({ action: rest[0], to: values.to }, io);
      case "token":
        return await tokenCommand({ action: rest[0], rest: rest.slice(1), scope: values.scope }, io);
      case "target":
        return await targetCommand(
          {
            action: rest[0],
            rest: rest.slice(1),
            ssh: values.ssh,
            jump: values.jump,
            jumpFingerprint: values["jump-fingerprint"],
            docker: values.docker,
            via: values.via,
            kubectl: values.kubectl,
            container: values.container,
            context: values.context,
            keyFile: values["key-file"],
            agentSocket: values["agent-socket"],
            knownHosts: values["known-hosts"],
            fingerprint: values.fingerprint,
            role: values.role,
            approval: values.approval,
          },
          io,
        );
      case "user":
        return await userCommand(
          {
            action: rest[0],
            rest: rest.slice(1),
            role: values.role,
            name: values.name,
            readPassword: values["password-stdin"] ? (io.readStdin ?? readStdin) : null,
          },
          io,
        );
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    // Wrong usage and unreadable files are the user's to fix: one line, no stack.
    const message =
      err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? (err as Error).message : null;
    if (message === null) throw err;
    io.err(`runlog: ${message}\n(runlog --help for usage)`);
    return 2;
  }
}
