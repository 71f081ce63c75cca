import { createToken, listTokens, revokeToken, TOKEN_SCOPES, ZTokenScope } from "../auth/api-tokens";
import { readConfig } from "../config";
import { createPrisma } from "../db";
import { migrateConfigured } from "../db/migrate-database";
import { asUsage, UsageError, type CliIo } from "./io";

/** `runlog token add <name> [--scope alerts]`, `token list`, `token revoke <name>`: machine tokens, shown once. */
export async function tokenCommand(
  args: { action: string | undefined; rest: string[]; scope: string | undefined },
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const cfg = readConfig(env);
  await migrateConfigured(cfg);
  const db = createPrisma(cfg);
  try {
    switch (args.action) {
      case "add": {
        const [name, ...extra] = args.rest;
        if (!name || extra.length) throw new UsageError("token add takes one name: runlog token add alertmanager --scope alerts");
        const scope = ZTokenScope.safeParse(args.scope ?? "alerts");
        if (!scope.success) throw new UsageError(`--scope is one of ${TOKEN_SCOPES.join(", ")}`);
        const token = await createToken(db, { name, scope: scope.data, createdBy: "runlog token add" }).catch(asUsage);
        io.out(token);
        io.err(
          `Token ${name} (scope ${scope.data}) created. It is shown only now: put it in Alertmanager's http_config.authorization.credentials.`,
        );
        return 0;
      }
      case "list": {
        for (const t of await listTokens(db))
          io.out(
            `${t.name}\t${t.scope}\tcreated ${t.createdAt.toISOString()}\t${t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used"}${t.revokedAt ? `\tREVOKED ${t.revokedAt.toISOString()}` : ""}`,
          );
        return 0;
      }
      case "revoke": {
        const [name] = args.rest;
        if (!name) throw new UsageError("token revoke takes the token's name");
        await revokeToken(db, name).catch(asUsage);
        io.out(`Token ${name} is revoked: requests with it get 401 from now on.`);
        return 0;
      }
      default:
        throw new UsageError("token takes add, list or revoke");
    }
  } finally {
    await db.$disconnect();
  }
}
