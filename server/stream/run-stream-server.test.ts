import http from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Terminal } from "@xterm/headless";
import WebSocket from "ws";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { startRun } from "../runs/start-run";
import type { SessionUser } from "../shared/roles";
import { testUser } from "../testing/test-user";
import { decodeChunk, STREAM_PATH, ZStreamServerMessage, type StreamServerMessage } from "../shared/stream-protocol";
import { sectionCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitFor } from "../testing/wait-for";
import { waitForRun } from "../testing/wait-for-run";
import { liveRuns } from "../exec/live-run";
import { accessChanged } from "../auth/access-events";
import { createUpgradeRouter } from "./run-stream-server";
import { CLUSTER_AUTH_HEADER, signClusterCall } from "../cluster/cluster-auth";

let env: TempEnv;
let server: http.Server;
let base: string;
let incidentId: string;
let commandIds: string[];

beforeAll(async () => {
  env = await tempEnv();
  await writeFile(
    path.join(env.dir, "s.md"),
    "# S\n## Step\n```bash\necho line1; read -rs go; echo line2; echo line3\necho quick\nread -r who; echo \"hello $who\"\nseq 1 100000\nprintf '%0130d\\n' 0\n```\n",
  );
  const rb = (await loadRunbook(env.dir, "s"))!;
  commandIds = sectionCommands(rb.runbook.sections[0]!).map((c) => c.id);
  incidentId = (await createIncident(env.prisma, rb, "t")).id;
  server = http.createServer((_req, res) => res.end());
  let fallbackCalls = 0;
  server.on(
    "upgrade",
    createUpgradeRouter(
      env.prisma,
      (_req, socket) => {
        fallbackCalls++;
        socket.end(`HTTP/1.1 418 Teapot\r\nX-Fallback: ${fallbackCalls}\r\n\r\n`);
      },
      // Sessions are tested in server/auth; here the test names the person in a header.
      {
        trustedOrigins: ["http://runlog.test"],
        cfg: env.cfg,
        userOf: async (req) => USERS[String(req.headers["x-test-user"] ?? "responder")] ?? null,
      },
    ),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await env.cleanup();
});

interface Received {
  /** Snapshot text, then chunk text, as a browser would write them. */
  text: string;
  seqs: number[];
  messages: StreamServerMessage[];
}

const RUNNER = testUser("responder", "t");
const USERS: Record<string, SessionUser> = { responder: RUNNER, viewer: testUser("viewer"), other: testUser("responder", "someone-else") };
const start = (commandId: string, cols = 80) =>
  startRun(env.prisma, env.cfg, "t", { incidentId, commandId, cols, rows: 24, runnerUserId: RUNNER.id, confirmed: "mutating" });

/** A connection to a run's stream: what it has received so far, and a promise of everything once it closes. */
function connect(
  runId: string,
  headers: Record<string, string> = {},
  onOpen?: (ws: WebSocket) => void,
  token?: string,
  query = "",
): { got: Received; done: Promise<Received> } {
  const got: Received = { text: "", seqs: [], messages: [] };
  const done = new Promise<Received>((resolve, reject) => {
    const ws = new WebSocket(`${base}${STREAM_PATH}?run=${runId}${token ? `&token=${token}` : ""}${query}`, { headers });
    ws.on("open", () => onOpen?.(ws));
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        const { seq, data: bytes } = decodeChunk(new Uint8Array(data as Buffer));
        got.seqs.push(seq);
        got.text += Buffer.from(bytes).toString();
        ws.send(JSON.stringify({ type: "ack", seq }));
        return;
      }
      const msg = ZStreamServerMessage.parse(JSON.parse(String(data)));
      got.messages.push(msg);
      if (msg.type === "snapshot") {
        got.seqs.push(msg.seq);
        got.text += msg.data;
      }
    });
    ws.on("close", () => resolve(got));
    ws.on("error", reject);
  });
  return { got, done };
}

function watch(runId: string, headers: Record<string, string> = {}, onOpen?: (ws: WebSocket) => void, token?: string): Promise<Received> {
  return connect(runId, headers, onOpen, token).done;
}

/** Types into a run from the server side, as its runner would. */
function typeAsRunner(runId: string, text: string): void {
  const handle = liveRuns()
    .get(runId)!
    .attach({ deliver: () => undefined }, { runner: true });
  handle.input(text);
  handle.detach();
}

async function screen(text: string): Promise<string> {
  const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  await new Promise<void>((r) => term.write(text, r));
  const lines: string[] = [];
  for (let i = 0; i < term.buffer.active.length; i++) lines.push(term.buffer.active.getLine(i)!.translateToString(true));
  term.dispose();
  return lines.join("\n").trimEnd();
}

describe("run output stream", () => {
  it("gives a viewer who joins mid-run a snapshot, then live chunks with no gap, then the exit", async () => {
    // The command prints a line, then waits for a key: the late viewer joins while it runs.
    const { runId } = await start(commandIds[0]!);
    const early = connect(runId);
    await waitFor(() => early.got.text.includes("line1"), "the first line");
    const late = connect(runId);
    await waitFor(() => late.got.messages.some((m) => m.type === "snapshot"), "the late viewer's snapshot");
    typeAsRunner(runId, "\r");
    const [a, b] = await Promise.all([early.done, late.done]);
    expect(b.messages.find((m) => m.type === "snapshot")).toMatchObject({ type: "snapshot", cols: 80 });
    // Both screens end up the same as the command's own output would draw it.
    expect(await screen(a.text)).toBe("line1\nline2\nline3");
    expect(await screen(b.text)).toBe("line1\nline2\nline3");
    for (const got of [a, b]) {
      for (let i = 1; i < got.seqs.length; i++) expect(got.seqs[i]).toBeGreaterThan(got.seqs[i - 1]!);
      expect(got.messages[0]).toMatchObject({ type: "attached", live: true, runner: false });
      expect(got.messages.at(-1)).toEqual({ type: "exit", exitCode: 0, signal: null, status: "exited" });
    }
  });

  it("takes keystrokes from the runner's connection only", async () => {
    const { runId, runnerToken } = await start(commandIds[2]!);
    const viewer = connect(runId, {}, (ws) => ws.send(JSON.stringify({ type: "input", data: "intruder\r" })));
    // The intruder's keystrokes were answered (refused) before the runner types.
    await waitFor(() => viewer.got.messages.some((m) => m.type === "error"), "the viewer's refusal");
    const runner = watch(runId, {}, (ws) => ws.send(JSON.stringify({ type: "input", data: "friend\r" })), runnerToken);
    const [v, r] = await Promise.all([viewer.done, runner]);
    expect(v.messages).toContainEqual({ type: "error", message: "Only the person who started this run can type into it or resize it." });
    expect(r.messages[0]).toMatchObject({ type: "attached", runner: true });
    expect(r.text).toContain("hello friend");
    expect(r.text).not.toContain("intruder");
  });

  it("lets no one else type with the runner's token: not a viewer, not another responder", async () => {
    const { runId, runnerToken } = await start(commandIds[2]!);
    const type = (who: string, word: string) =>
      connect(runId, { "x-test-user": who }, (ws) => ws.send(JSON.stringify({ type: "input", data: `${word}\r` })), runnerToken);
    // Each impostor's keystrokes are answered (refused) before the owner types.
    const impostors = [type("viewer", "viewer-typed"), type("other", "other-typed")];
    for (const c of impostors) await waitFor(() => c.got.messages.some((m) => m.type === "error"), "the refusal of the keystrokes");
    const runner = await type("responder", "owner").done;
    expect(runner.text).toContain("hello owner");
    expect(runner.text).not.toMatch(/viewer-typed|other-typed/);
    for (const { done } of impostors) expect((await done).messages[0]).toMatchObject({ type: "attached", runner: false });
  });

  it("closes an account's open streams when it loses access: at once in this process, within seconds otherwise", async () => {
    const typist = testUser("responder", "typist");
    USERS.typist = typist;
    USERS.watcher = testUser("viewer", "watcher");
    const { runId, runnerToken } = await startRun(env.prisma, env.cfg, "typist", {
      incidentId,
      commandId: commandIds[2]!,
      cols: 80,
      rows: 24,
      runnerUserId: typist.id,
      confirmed: "mutating",
    });
    const runner = connect(runId, { "x-test-user": "typist" }, undefined, runnerToken);
    const viewer = connect(runId, { "x-test-user": "watcher" });
    await waitFor(() => runner.got.messages.length > 0 && viewer.got.messages.length > 0, "both attached");
    // An admin lowers the typist's role here: the runner's stream closes at once.
    USERS.typist = { ...typist, role: "viewer" };
    accessChanged(typist.id);
    expect((await runner.done).messages.at(-1)).toEqual({
      type: "error",
      message: "Your role changed: you can no longer type into this run.",
    });
    // The watcher is disabled elsewhere (the CLI, another instance): the periodic check closes it.
    delete USERS.watcher;
    expect((await viewer.done).messages.at(-1)).toEqual({
      type: "error",
      message: "Your session ended or your account was disabled: this stream is closed.",
    });
    typeAsRunner(runId, "done\r");
    await waitForRun(env.prisma, runId);
  });

  it("refuses anyone not signed in", async () => {
    await expect(watch("run_doesnotexist00", { "x-test-user": "nobody" })).rejects.toThrow(/401/);
  });

  it("serves a finished run from the database", async () => {
    const { runId } = await start(commandIds[1]!);
    await waitForRun(env.prisma, runId);
    const got = await watch(runId);
    expect(got.text).toContain("quick");
    expect(got.messages).toEqual([
      { type: "attached", runId, live: false, runner: false },
      { type: "resize", cols: 80, rows: 24 },
      { type: "exit", exitCode: 0, signal: null, status: "exited" },
    ]);
  });

  it("replays a finished run at the width it ran at, and stores its text at that width", async () => {
    const { runId } = await start(commandIds[4]!, 132);
    await waitForRun(env.prisma, runId);
    expect(await env.prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { cols: true } })).toEqual({ cols: 132 });
    const got = await connect(runId, {}, undefined, undefined, "&cols=100&rows=30").done;
    expect(got.messages.filter((m) => m.type === "resize")).toEqual([{ type: "resize", cols: 132, rows: 30 }]);
    expect(got.text).toContain("0".repeat(130));
    // A run from before the width was recorded is replayed at the viewer's size, as before.
    await env.prisma.run.update({ where: { id: runId }, data: { cols: null } });
    const old = await connect(runId, {}, undefined, undefined, "&cols=100&rows=30").done;
    expect(old.messages.map((m) => m.type)).toEqual(["attached", "exit"]);
  });

  it("keeps the width the runner left the run at", async () => {
    const { runId, runnerToken } = await start(commandIds[2]!);
    const runner = watch(
      runId,
      {},
      (ws) => {
        ws.send(JSON.stringify({ type: "resize", cols: 150, rows: 24 }));
        ws.send(JSON.stringify({ type: "input", data: "wide\r" }));
      },
      runnerToken,
    );
    expect((await runner).text).toContain("hello wide");
    await waitForRun(env.prisma, runId);
    expect(await env.prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { cols: true } })).toEqual({ cols: 150 });
  });

  it("serves a finished run with a lot of output as its last screen and scrollback, at its width and the viewer's height", async () => {
    const { runId } = await start(commandIds[3]!, 132);
    await waitForRun(env.prisma, runId);
    const got = await connect(runId, {}, undefined, undefined, "&cols=100&rows=30").done;
    expect(got.seqs).toEqual([0]);
    const [attached, snapshot, exit] = got.messages;
    expect(attached).toEqual({ type: "attached", runId, live: false, runner: false });
    // The run's width, the viewer's height.
    expect(snapshot).toMatchObject({ type: "snapshot", seq: 0, cols: 132, rows: 30 });
    expect(exit).toEqual({ type: "exit", exitCode: 0, signal: null, status: "exited" });
    const shown = (await screen(got.text)).split("\n");
    expect(shown.at(-1)).toBe("100000");
    // The stored output is 588,895 bytes; what came is the newest of it, and says how much it left out.
    const skipped = snapshot?.type === "snapshot" ? snapshot.skippedBytes : 0;
    expect(skipped).toBeGreaterThan(200_000);
    expect(got.text.length).toBeLessThan(60_000);
    await env.prisma.run.update({ where: { id: runId }, data: { cols: null } });
    const old = await connect(runId, {}, undefined, undefined, "&cols=100&rows=30").done;
    expect(old.messages[1]).toMatchObject({ type: "snapshot", seq: 0, cols: 100, rows: 30 });
    const bad = await connect(runId, {}, undefined, undefined, "&cols=5").done;
    expect(bad.messages[0]).toEqual({ type: "error", message: "Bad stream request: cols must be 20-500 and rows 5-200." });
  });

  it("answers bad requests with a clear message", async () => {
    const bad = await watch("not-a-run");
    expect(bad.messages[0]).toMatchObject({ type: "error", message: expect.stringMatching(/Bad stream request/) });
    const unknown = await watch("run_doesnotexist00");
    expect(unknown.messages[0]).toEqual({ type: "error", message: "No run run_doesnotexist00." });
  });

  it("takes a relayed request (another Origin) only with a valid signature from an instance of the cluster", async () => {
    const url = `${STREAM_PATH}?run=run_doesnotexist00`;
    const evil = { Origin: "http://evil.example" };
    // No cluster secret here: a signature cannot be checked, so nothing passes as relayed.
    await expect(
      watch("run_doesnotexist00", { ...evil, [CLUSTER_AUTH_HEADER]: signClusterCall("x".repeat(40), "b", `GET ${url}`) }),
    ).rejects.toThrow(/401/);
    await expect(watch("run_doesnotexist00", { ...evil, [CLUSTER_AUTH_HEADER]: "v1.b.0.00" })).rejects.toThrow(/401/);
  });

  it("refuses pages from another origin and leaves other upgrades to the fallback", async () => {
    await expect(watch("run_doesnotexist00", { Origin: "http://evil.example" })).rejects.toThrow(/403/);
    const trusted = await watch("run_doesnotexist00", { Origin: "http://runlog.test" });
    expect(trusted.messages[0]).toEqual({ type: "error", message: "No run run_doesnotexist00." });
    const other = new WebSocket(`${base}/_next/webpack-hmr`);
    await expect(new Promise((_res, rej) => other.on("error", rej))).rejects.toThrow(/418/);
  });
});
