import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { clientAddress, trustProxies, viaHttps } from "./client-address";

// A real server on loopback: the peer is 127.0.0.1, as a proxy on the same box would be.
let server: http.Server;
let url: string;
let trusted: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const trust = trustProxies(trusted);
    res.end(JSON.stringify({ client: clientAddress(req, trust), https: viaHttps(req, trust) }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

const ask = async (trust: string[], headers: Record<string, string> = {}) => {
  trusted = trust;
  return (await (await fetch(url, { headers })).json()) as { client: string; https: boolean };
};

describe("the client's address and https behind a proxy", () => {
  it("believes no forwarding header by default", async () => {
    expect(await ask([], { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" })).toEqual({
      client: "127.0.0.1",
      https: false,
    });
  });

  it("believes the proxies named, and only as far as the chain of them goes", async () => {
    const headers = { "x-forwarded-for": "198.51.100.1, 203.0.113.9, 10.0.0.5", "x-forwarded-proto": "https" };
    expect(await ask(["127.0.0.1"], headers)).toEqual({ client: "10.0.0.5", https: true });
    // Two proxies trusted: the first address neither of them is, not what the client wrote before it.
    expect(await ask(["127.0.0.1", "10.0.0.0/8"], headers)).toEqual({ client: "203.0.113.9", https: true });
    expect(await ask(["127.0.0.1"], { "x-forwarded-proto": "http" })).toEqual({ client: "127.0.0.1", https: false });
  });

  it("refuses a setting that is not a list of addresses or ranges", () => {
    expect(readConfig({ RUNLOG_TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" }).trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8"]);
    expect(() => readConfig({ RUNLOG_TRUSTED_PROXIES: "haproxy.internal" })).toThrow(/RUNLOG_TRUSTED_PROXIES is a comma-separated list/);
    expect(() => readConfig({ RUNLOG_TRUSTED_PROXIES: "10.0.0.0/99" })).toThrow(/RUNLOG_TRUSTED_PROXIES/);
  });
});
