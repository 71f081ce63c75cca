import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseContent } from "../runbooks/catalog";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { why } from "../testing/why";
import { testUser } from "../testing/test-user";
import { createCaller } from "../trpc/root";
import { createIncident } from "./create-incident";
import { getIncident } from "./get-incident";

const RUNBOOK = "---\nvariables:\n  SIGNING: { secret: true }\n---\n# S\n## Step\n```bash\necho $SIGNING $DB_PASSWORD $REGION\n```\n";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

const ann = () => createCaller({ db: env.prisma, cfg: env.cfg, user: testUser("responder", "ann") });

describe("which variables are secret", () => {
  it("is the server's decision: declared and secret-looking names are refused in clear", async () => {
    const parsed = await parseContent(RUNBOOK);
    const { id } = await createIncident(env.prisma, { slug: "s", file: "s.md", content: RUNBOOK, ...parsed }, "ann");
    const set = (name: string, secret: boolean) => ann().incidents.setVariable({ incidentId: id, name, value: "hunter22", secret });
    expect(await why(set("SIGNING", false))).toBe(
      "$SIGNING is a secret (the runbook declares it secret): it is stored encrypted and shown masked, never in clear.",
    );
    expect(await why(set("DB_PASSWORD", false))).toBe(
      "$DB_PASSWORD is a secret (its name says it holds a secret): it is stored encrypted and shown masked, never in clear.",
    );
    expect(await why(set("SIGNING", true))).toBe("ok");
    // More secrecy than needed is the person's choice.
    expect(await why(set("REGION", true))).toBe("ok");
    const view = (await getIncident(env.prisma, id))!;
    expect(view.variables.map((v) => [v.name, v.secret, v.value])).toEqual([
      ["REGION", true, "••••••"],
      ["SIGNING", true, "••••••"],
    ]);
  });

  it("refuses names that change how the shell or the programs it starts behave", async () => {
    const parsed = await parseContent(RUNBOOK);
    const { id } = await createIncident(env.prisma, { slug: "s", file: "s.md", content: RUNBOOK, ...parsed }, "ann");
    for (const name of [
      "PAGER",
      "PERL5OPT",
      "PYTHONSTARTUP",
      "GCONV_PATH",
      "GIT_SSH_COMMAND",
      "TMOUT",
      "PROMPT_COMMAND",
      "LD_PRELOAD",
      "PS4",
    ]) {
      expect(await why(ann().incidents.setVariable({ incidentId: id, name, value: "x", secret: false })), name).toMatch(
        /This name is reserved/,
      );
    }
  });
});
