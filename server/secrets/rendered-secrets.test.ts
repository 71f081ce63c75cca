import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRuns } from "../exec/live-run";
import { exportIncident } from "../export/export-incident";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { setVariable } from "../incidents/set-variable";
import { parseContent } from "../runbooks/catalog";
import { runOutput } from "../runs/run-output";
import { startRun } from "../runs/start-run";
import { allCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { attachTestViewer } from "../testing/test-viewer";
import { waitFor } from "../testing/wait-for";
import { waitForRun } from "../testing/wait-for-run";
import { secretBox } from "./secret-box";

// A secret printed in pieces that only a terminal puts together: the byte stream never holds it
// whole, the rendered text does.
const CANARY = "canary-51de-4b1c-token";
const RUNBOOK = [
  "# Pieces",
  "## Print",
  "```bash",
  `printf '%s\\033[31m%s\\033[0m\\n' "\${CANARY_TOKEN:0:6}" "\${CANARY_TOKEN:6}"; read -rs go`,
  "```",
  "```bash",
  `printf '%sX\\b%s\\n' "\${CANARY_TOKEN:0:6}" "\${CANARY_TOKEN:6}"`,
  "```",
  "```bash",
  `LONG="$(printf 'x%.0s' $(seq 1 495))$CANARY_TOKEN"`,
  "```",
].join("\n");

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

describe("a secret a terminal puts together", () => {
  it("is masked in the stored text, a late viewer's snapshot, the live output API, the view and the exports", async () => {
    const parsed = await parseContent(RUNBOOK);
    const [coloured, backspaced, long] = allCommands(parsed.runbook);
    const { id: incidentId } = await createIncident(env.prisma, { slug: "p", file: "p.md", content: RUNBOOK, ...parsed }, "ann");
    await setVariable(env.prisma, "ann", { incidentId, name: "CANARY_TOKEN", value: CANARY, secret: true }, secretBox(env.cfg));
    const start = (commandId: string) =>
      startRun(env.prisma, env.cfg, "ann", { incidentId, commandId, cols: 80, rows: 24, confirmed: "mutating" });

    // Halves in two colours, then the command waits: a viewer joining now gets a snapshot.
    const first = await start(coloured!.id);
    const live = liveRuns().get(first.runId)!;
    await waitFor(() => live.capture.totalBytes > 0, "the coloured halves");
    const late = attachTestViewer(live);
    await waitFor(() => late.messages.some((m) => m.kind === "snapshot"), "the late viewer's snapshot");
    const snapshot = late.messages.find((m) => m.kind === "snapshot")!;
    expect(snapshot.kind === "snapshot" && snapshot.data).toContain("••••••");
    expect(JSON.stringify(snapshot)).not.toContain(CANARY);
    const whileRunning = await runOutput(env.prisma, env.cfg, { incidentId, runId: first.runId });
    expect(whileRunning).toMatchObject({ running: true, text: "••••••" });
    const runner = live.attach({ deliver: () => undefined }, { runner: true });
    runner.input("\r");
    runner.detach();
    expect((await waitForRun(env.prisma, first.runId)).outputText).toBe("••••••");

    const second = await waitForRun(env.prisma, (await start(backspaced!.id)).runId);
    expect(second.outputText).toBe("••••••");

    // A long value before the secret: the shell-variables display is masked before it is cut.
    await waitForRun(env.prisma, (await start(long!.id)).runId);
    const view = (await getIncident(env.prisma, incidentId))!;
    const shown = view.shell.vars.find(([k]) => k === "LONG")![1];
    expect(shown).not.toContain(CANARY.slice(0, 4));
    expect(JSON.stringify(view)).not.toContain(CANARY);
    for (const format of ["md", "json", "html"] as const) {
      expect((await exportIncident(env.prisma, incidentId, format)).body, format).not.toContain(CANARY);
    }
  });
});
