import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUser } from "../testing/test-user";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { createCaller } from "./root";

let env: TempEnv;
let caller: ReturnType<typeof createCaller>;

beforeAll(async () => {
  env = await tempEnv({ RUNLOG_RUNBOOKS_DIR: "runbooks" });
  caller = createCaller({ db: env.prisma, cfg: env.cfg, user: testUser("commander", "tester") });
});
afterAll(() => env.cleanup());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return err instanceof TRPCError ? err.code : "other";
  }
}

describe("app router", () => {
  it("lists the shipped runbooks", async () => {
    const list = await caller.runbooks.list();
    expect(list.find((r) => r.slug === "backup-failure")).toMatchObject({ ok: true, meta: { title: "Backup Failure" } });
  });

  it("opens an incident from a runbook and returns it with its timeline", async () => {
    const { id } = await caller.incidents.create({ runbookSlug: "backup-failure" });
    const view = await caller.incidents.get({ id });
    expect(view.incident).toMatchObject({ id, title: "Backup Failure", severity: "Critical (Page)", openedBy: "tester" });
    expect(view.events.map((e) => e.type)).toEqual(["incident.opened"]);
    expect(view.runbook.sections.length).toBeGreaterThan(10);
    expect("runbookContent" in view.incident).toBe(false);
  });

  it("validates input with messages a person can act on", async () => {
    const err = await caller.incidents.create({ runbookSlug: "../../etc/passwd" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    expect(await codeOf(caller.incidents.get({ id: "x" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.runs.start({ incidentId: "inc_aaaaaaaaaaaa", commandId: "", cols: 80, rows: 24 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.runs.start({ incidentId: "inc_aaaaaaaaaaaa", commandId: "x", cols: 80, rows: 24 }))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for unknown runbooks and incidents", async () => {
    expect(await codeOf(caller.runbooks.get({ slug: "no-such-runbook" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.incidents.create({ runbookSlug: "no-such-runbook" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.incidents.get({ id: "inc_doesnotexist00" }))).toBe("NOT_FOUND");
  });
});
