import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../testing/wait-for";
import { secretBox } from "../../secrets/secret-box";
import { testUser } from "../../testing/test-user";
import { createIncident } from "../../incidents/create-incident";
import { setVariable } from "../../incidents/set-variable";
import { parseContent } from "../../runbooks/catalog";
import { tempEnv, type TempEnv } from "../../testing/temp-db";
import { createCaller } from "../../trpc/root";
import { accessChanged } from "../../auth/access-events";

let env: TempEnv;
let incidentId: string;

beforeAll(async () => {
  env = await tempEnv();
  const content = "# W\n## S\n```bash\necho $X\n```\n";
  incidentId = (await createIncident(env.prisma, { slug: "w", file: "w.md", content, ...(await parseContent(content)) }, "ann")).id;
});
afterAll(() => env.cleanup());

const caller = () => createCaller({ db: env.prisma, cfg: env.cfg, user: testUser("responder", "ann") });

describe("incidents.events (live timeline)", () => {
  it("sends what follows the last event seen, then each new event as it is appended", async () => {
    await setVariable(env.prisma, "ann", { incidentId, name: "X", value: "1", secret: false }, secretBox(env.cfg));
    const stream = await caller().incidents.events({ id: incidentId, lastEventId: "0" });
    const seen: number[] = [];
    const reading = (async () => {
      // Server-side, a tracked event is the envelope [id, data]: the id is what SSE sends.
      for await (const [id, data] of stream as AsyncIterable<[string, { seq: number }]>) {
        seen.push(data.seq);
        expect(id).toBe(String(data.seq));
        if (seen.length === 3) break;
      }
    })();
    await waitFor(() => seen.length === 1, "the first event");
    expect(seen).toEqual([1]);
    await setVariable(env.prisma, "ann", { incidentId, name: "X", value: "2", secret: false }, secretBox(env.cfg));
    await setVariable(env.prisma, "ann", { incidentId, name: "X", value: "3", secret: false }, secretBox(env.cfg));
    await reading;
    expect(seen).toEqual([1, 2, 3]);
  });

  it("ends when the account loses access: at once on an admin's change here, within seconds otherwise", async () => {
    for (const how of ["event", "recheck"] as const) {
      let current: ReturnType<typeof testUser> | null = testUser("viewer", `watcher-${how}@example.test`);
      const who = current;
      const watcher = createCaller({ db: env.prisma, cfg: env.cfg, user: who, recheckUser: async () => current });
      const stream = await watcher.incidents.events({ id: incidentId });
      const ended = (async () => {
        try {
          for await (const _ of stream as AsyncIterable<unknown>) void _;
          return "ended";
        } catch (err) {
          return (err as Error).message;
        }
      })();
      current = null;
      if (how === "event") accessChanged(who.id);
      expect(await ended).toBe("Your session ended or your account was disabled: sign in again.");
    }
  });
});
