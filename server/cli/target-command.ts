import { createInterface } from "node:readline/promises";
import { readConfig } from "../config";
import { createPrisma } from "../db";
import { migrateConfigured } from "../db/migrate-database";
import { secretBox } from "../secrets/secret-box";
import { checkTarget, describeTarget } from "../targets/transport";
import { addTarget, getTarget, listTargets, removeTarget } from "../targets/target-store";
import { asUsage, UsageError, type CliIo } from "./io";

export interface TargetArgs {
  action: string | undefined;
  rest: string[];
  ssh?: string | undefined;
  jump?: string | undefined;
  jumpFingerprint?: string | undefined;
  docker?: string | undefined;
  via?: string | undefined;
  kubectl?: string | undefined;
  container?: string | undefined;
  context?: string | undefined;
  keyFile?: string | undefined;
  agentSocket?: string | undefined;
  knownHosts?: string | undefined;
  fingerprint?: string | undefined;
  role?: string | undefined;
  approval?: string | undefined;
}

/** `runlog target add|list|remove|test`: the hosts commands may run on, their host keys pinned. */
export async function targetCommand(args: TargetArgs, io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const cfg = readConfig(env);
  await migrateConfigured(cfg);
  const db = createPrisma(cfg);
  const box = secretBox(cfg);
  try {
    switch (args.action) {
      case "add": {
        const [name, ...extra] = args.rest;
        if (!name || extra.length || !(args.ssh || args.docker || args.kubectl))
          throw new UsageError(
            "target add takes a name and --ssh, --docker or --kubectl: runlog target add db-1 --ssh deploy@db-1.internal --key-file ~/.ssh/runlog",
          );
        const { fingerprints } = await addTarget(
          db,
          box,
          {
            name,
            ssh: args.ssh,
            jump: args.jump,
            jumpFingerprint: args.jumpFingerprint,
            docker: args.docker,
            via: args.via,
            kubectl: args.kubectl,
            container: args.container,
            context: args.context,
            keyFile: args.keyFile,
            agentSocket: args.agentSocket,
            knownHostsFile: args.knownHosts,
            fingerprint: args.fingerprint,
            minRole: args.role,
            approval: args.approval,
            createdBy: "runlog target add",
          },
          process.stdin.isTTY && !io.readStdin ? askAtTerminal(io) : null,
        ).catch(asUsage);
        io.out(`Target ${name} added${fingerprints.length ? `; host key pinned: ${fingerprints.join(", ")}` : ""}.`);
        return 0;
      }
      case "list": {
        for (const t of await listTargets(db))
          io.out(
            `${t.name}\t${describeTarget(t)}\t${t.kind !== "ssh" ? "-" : t.keySealed ? "key stored" : `agent ${t.agentSocket}`}\trole ${t.minRole}+\tapproval ${t.approval}`,
          );
        return 0;
      }
      case "remove": {
        const [name] = args.rest;
        if (!name) throw new UsageError("target remove takes the target's name");
        await removeTarget(db, name).catch(asUsage);
        io.out(`Target ${name} removed.`);
        return 0;
      }
      case "test": {
        const [name] = args.rest;
        if (!name) throw new UsageError("target test takes the target's name");
        const check = await checkTarget(await getTarget(db, name).catch(asUsage), (via) => getTarget(db, via), box);
        if (!check.ok) {
          io.err(`runlog: ${check.message}`);
          return 1;
        }
        io.out(
          `${name}: connected and ran true in ${Math.round(check.ms)} ms${check.fingerprints.length ? `; host key ${check.fingerprints.join(", ")}` : ""}.`,
        );
        return 0;
      }
      default:
        throw new UsageError("target takes add, list, remove or test");
    }
  } finally {
    await db.$disconnect();
  }
}

/** At a terminal, the admin sees the fingerprints and types yes to pin them. */
function askAtTerminal(io: CliIo) {
  return async (prints: string[]): Promise<boolean> => {
    io.err(`The host offers: ${prints.join(", ")}`);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return (await rl.question("Pin this key? Type yes to accept: ")).trim() === "yes";
    } finally {
      rl.close();
    }
  };
}
