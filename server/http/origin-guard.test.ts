import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { crossSiteRequest } from "./origin-guard";

const req = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;
const TRUSTED = ["http://127.0.0.1:3000"];

describe("cross-site request guard", () => {
  it("refuses state changes from another origin, a null origin or a cross-site fetch", () => {
    expect(crossSiteRequest(req("POST", { origin: "http://evil.example" }), TRUSTED)).toBe(true);
    expect(crossSiteRequest(req("POST", { origin: "null" }), TRUSTED)).toBe(true);
    expect(crossSiteRequest(req("POST", { "sec-fetch-site": "cross-site" }), TRUSTED)).toBe(true);
    expect(crossSiteRequest(req("GET", { origin: "http://evil.example" }), TRUSTED, true)).toBe(true);
  });

  it("lets the app's own pages, reads and non-browser tools through", () => {
    expect(crossSiteRequest(req("POST", { origin: "http://127.0.0.1:3000" }), TRUSTED)).toBe(false);
    expect(crossSiteRequest(req("GET", { origin: "http://evil.example" }), TRUSTED)).toBe(false);
    expect(crossSiteRequest(req("POST", {}), TRUSTED)).toBe(false);
  });
});
