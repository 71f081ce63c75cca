import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { clusterCalls } from "../http/cluster-calls";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { callInstance, callSigningText, CLUSTER_CALL_PREFIX } from "./call-instance";
import { CLUSTER_AUTH_HEADER, signClusterCall, verifyClusterCall } from "./cluster-auth";

const SECRET = "s".repeat(40);

describe("signatures between instances", () => {
  it("hold for exactly what was signed, by the secret, for a minute either side", () => {
    const now = 1_800_000_000_000;
    const header = signClusterCall(SECRET, "a:3000", "GET /api/stream?run=run_1", now);
    expect(verifyClusterCall(SECRET, header, "GET /api/stream?run=run_1", now + 1000)).toBe("a:3000");
    expect(verifyClusterCall(SECRET, header, "GET /api/stream?run=run_2", now)).toBeNull();
    expect(verifyClusterCall("t".repeat(40), header, "GET /api/stream?run=run_1", now)).toBeNull();
    expect(verifyClusterCall(null, header, "GET /api/stream?run=run_1", now)).toBeNull();
    expect(verifyClusterCall(SECRET, header, "GET /api/stream?run=run_1", now + 61_000)).toBeNull();
    expect(verifyClusterCall(SECRET, header.replace("a:3000", "b:3000"), "GET /api/stream?run=run_1", now)).toBeNull();
    expect(verifyClusterCall(SECRET, "garbage", "x", now)).toBeNull();
  });
});

describe("cluster calls", () => {
  let env: TempEnv;
  let server: http.Server;
  let address: string;
  beforeAll(async () => {
    env = await tempEnv({ RUNLOG_CLUSTER_SECRET: SECRET, RUNLOG_INSTANCE_ID: "owner" });
    server = http.createServer(clusterCalls(() => env.prisma, env.cfg));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await env.cleanup();
  });

  const peer = (secret?: string) =>
    readConfig({ RUNLOG_DATA_DIR: env.dir, RUNLOG_INSTANCE_ID: "peer", ...(secret ? { RUNLOG_CLUSTER_SECRET: secret } : {}) });
  const owner = () => ({ instanceId: "owner", address });
  const ref = { incidentId: "inc_0000000000", runId: "run_0000000000" };

  it("are answered for a peer with the secret: the owner's own answer, its message intact", async () => {
    await expect(callInstance(peer(SECRET), owner(), "stop-run", { ...ref, actor: "ann" })).rejects.toThrow(
      "This command is not running any more.",
    );
    await expect(callInstance(peer(SECRET), owner(), "run-output", ref)).rejects.toThrow(
      "No run run_0000000000 in incident inc_0000000000.",
    );
  });

  it("are refused without the secret, with another one, with a changed body, or malformed", async () => {
    await expect(callInstance(peer(), owner(), "stop-run", { ...ref, actor: "ann" })).rejects.toThrow(/RUNLOG_CLUSTER_SECRET/);
    await expect(callInstance(peer("x".repeat(40)), owner(), "stop-run", { ...ref, actor: "ann" })).rejects.toThrow(
      /not signed by an instance of this cluster/,
    );
    const path = `${CLUSTER_CALL_PREFIX}stop-run`;
    const signed = JSON.stringify({ ...ref, actor: "ann" });
    const tampered = await fetch(`${address}${path}`, {
      method: "POST",
      headers: { [CLUSTER_AUTH_HEADER]: signClusterCall(SECRET, "peer", callSigningText(path, signed)) },
      body: JSON.stringify({ ...ref, actor: "mallory" }),
    });
    expect(tampered.status).toBe(401);
    const bad = JSON.stringify({ runId: 1 });
    const malformed = await fetch(`${address}${path}`, {
      method: "POST",
      headers: { [CLUSTER_AUTH_HEADER]: signClusterCall(SECRET, "peer", callSigningText(path, bad)) },
      body: bad,
    });
    expect(malformed.status).toBe(400);
    expect((await fetch(`${address}${CLUSTER_CALL_PREFIX}rm-rf`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
