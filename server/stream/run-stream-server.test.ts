import http from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { startRun } from "../runs/start-run";
import { decodeChunk, STREAM_PATH, ZStreamServerMessage, type StreamServerMessage } from "../shared/stream-protocol";
import { sectionCommands } from "../shared/runbook";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { createUpgradeRouter } from "./run-stream-server";

let env: TempEnv;
let server: http.Server;
let base: string;
let incidentId: string;
let commandIds: string[];

beforeAll(async () => {
  env = await tempEnv();
  await writeFile(
    path.join(env.dir, "s.md"),
    "# S\n## Step\n```bash\nfor i in 1 2 3; do echo line$i; sleep 0.2; done\necho quick\n```\n",
  );
  const rb = (await loadRunbook(env.dir, "s"))!;
  commandIds = sectionCommands(rb.runbook.sections[0]!).map((c) => c.id);
  incidentId = (await createIncident(env.prisma, rb, "t")).id;
  server = http.createServer((_req, res) => res.end());
  let fallbackCalls = 0;
  server.on(
    "upgrade",
    createUpgradeRouter(env.prisma, (_req, socket) => {
      fallbackCalls++;
      socket.end(`HTTP/1.1 418 Teapot\r\nX-Fallback: ${fallbackCalls}\r\n\r\n`);
    }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await env.cleanup();
});

interface Received {
  text: string;
  seqs: number[];
  messages: StreamServerMessage[];
}

function watch(runId: string, headers: Record<string, string> = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const got: Received = { text: "", seqs: [], messages: [] };
    const ws = new WebSocket(`${base}${STREAM_PATH}?run=${runId}&from=0`, { headers });
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        const { seq, data: bytes } = decodeChunk(new Uint8Array(data as Buffer));
        got.seqs.push(seq);
        got.text += Buffer.from(bytes).toString();
      } else got.messages.push(ZStreamServerMessage.parse(JSON.parse(String(data))));
    });
    ws.on("close", () => resolve(got));
    ws.on("error", reject);
  });
}

describe("run output stream", () => {
  it("gives a viewer who joins mid-run everything from the start, then live, then the exit", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "t", { incidentId, commandId: commandIds[0]!, cols: 80, rows: 24 });
    const early = watch(runId);
    await new Promise((r) => setTimeout(r, 300));
    const late = watch(runId);
    const [a, b] = await Promise.all([early, late]);
    for (const got of [a, b]) {
      expect(got.text.replace(/\r/g, "")).toBe("line1\nline2\nline3\n");
      expect(got.seqs).toEqual([...got.seqs].sort((x, y) => x - y));
      expect(new Set(got.seqs).size).toBe(got.seqs.length);
      expect(got.messages[0]).toMatchObject({ type: "attached", live: true });
      expect(got.messages.at(-1)).toEqual({ type: "exit", exitCode: 0, signal: null });
    }
  });

  it("serves a finished run from the database", async () => {
    const { runId } = await startRun(env.prisma, env.cfg, "t", { incidentId, commandId: commandIds[1]!, cols: 80, rows: 24 });
    await waitForRun(env.prisma, runId);
    const got = await watch(runId);
    expect(got.text).toContain("quick");
    expect(got.messages).toEqual([
      { type: "attached", runId, live: false, skippedChunks: 0 },
      { type: "exit", exitCode: 0, signal: null },
    ]);
  });

  it("answers bad requests with a clear message", async () => {
    const bad = await watch("not-a-run");
    expect(bad.messages[0]).toMatchObject({ type: "error", message: expect.stringMatching(/Bad stream request/) });
    const unknown = await watch("run_doesnotexist00");
    expect(unknown.messages[0]).toEqual({ type: "error", message: "No run run_doesnotexist00." });
  });

  it("refuses pages from another origin and leaves other upgrades to the fallback", async () => {
    await expect(watch("run_doesnotexist00", { Origin: "http://evil.example" })).rejects.toThrow(/403/);
    const other = new WebSocket(`${base}/_next/webpack-hmr`);
    await expect(new Promise((_res, rej) => other.on("error", rej))).rejects.toThrow(/418/);
  });
});
