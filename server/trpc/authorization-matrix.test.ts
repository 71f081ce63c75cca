import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../shared/roles";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { testUser } from "../testing/test-user";
import { appRouter, createCaller } from "./root";

// The least role each procedure needs. Every procedure must be listed: a new one without a
// decision here fails the first test.
// Reached signed out: before the first account exists nobody can be signed in.
const PUBLIC = ["setup.createFirstAdmin"];

const NEEDS: Record<string, Role> = {
  "runbooks.list": "viewer",
  "runbooks.get": "viewer",
  "runbooks.search": "viewer",
  "incidents.get": "viewer",
  "incidents.list": "viewer",
  "incidents.events": "viewer",
  "incidents.export": "viewer",
  "incidents.create": "responder",
  "incidents.setVariable": "responder",
  "incidents.addNote": "responder",
  "incidents.checkItem": "responder",
  "incidents.markStep": "responder",
  "incidents.flagMoment": "responder",
  "incidents.escalate": "responder",
  "incidents.changeStatus": "commander",
  "incidents.changeSeverity": "commander",
  "incidents.assignCommander": "commander",
  "runs.start": "responder",
  "runs.stop": "responder",
  "runs.guard": "responder",
  "runs.requestApproval": "responder",
  "runs.decideApproval": "commander",
  "runs.output": "viewer",
  "incidents.suggestChanges": "responder",
  "alerts.unrouted": "responder",
  "alerts.open": "responder",
  "runAll.start": "responder",
  "runAll.stop": "responder",
  "runAll.resume": "responder",
  "runAll.skip": "responder",
  "runAll.confirm": "responder",
  "notifications.list": "admin",
  "targets.list": "admin",
  "targets.test": "admin",
  "users.list": "admin",
  "users.setRole": "admin",
  "users.disable": "admin",
};

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

/** Calls a procedure by its path with input that names nothing real; returns the error code, or "ok". */
async function outcome(role: Role | null, path: string): Promise<string> {
  const caller = createCaller({ db: env.prisma, cfg: env.cfg, user: role ? testUser(role) : null }) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const [group, name] = path.split(".") as [string, string];
  try {
    const result = await caller[group]![name]!({});
    // A subscription hands back a stream: the checks ran when it was made.
    if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function")
      await (result as AsyncGenerator).return?.(undefined);
    return "ok";
  } catch (err) {
    return err instanceof TRPCError ? err.code : `thrown: ${(err as Error).message}`;
  }
}

describe("authorization matrix: every procedure, as every role and signed out", () => {
  it("lists every procedure of the API", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual([...Object.keys(NEEDS), ...PUBLIC].sort());
  });

  it("lets anyone reach the first admin's setup, which its token guards", async () => {
    for (const role of [null, ...ROLES]) {
      const caller = createCaller({ db: env.prisma, cfg: env.cfg, user: role ? testUser(role) : null });
      await expect(
        caller.setup.createFirstAdmin({ token: "guessed", email: "x@example.com", password: "a long password here" }),
      ).rejects.toThrow(/expired or was used|set up already/);
    }
  });

  for (const [path, needs] of Object.entries(NEEDS)) {
    it(`${path} needs ${needs}`, async () => {
      expect(await outcome(null, path)).toBe("UNAUTHORIZED");
      for (const role of ROLES) {
        const got = await outcome(role, path);
        if (ROLES.indexOf(role) < ROLES.indexOf(needs)) expect(got, `${role} on ${path}`).toBe("FORBIDDEN");
        // Allowed through the role check: whatever comes next (bad input, nothing found) is not a refusal of the role.
        else expect(got, `${role} on ${path}`).not.toMatch(/^(FORBIDDEN|UNAUTHORIZED)$/);
      }
    });
  }

  it("refuses everything but choosing a password to someone holding a one-time password", async () => {
    const caller = createCaller({ db: env.prisma, cfg: env.cfg, user: { ...testUser("admin"), mustChangePassword: true } });
    await expect(caller.incidents.list()).rejects.toThrow(/Choose your own password first/);
  });
});
