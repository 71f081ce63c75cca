import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("where to go after signing in", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeNext("/incidents/inc_abc?tab=timeline")).toBe("/incidents/inc_abc?tab=timeline");
    expect(safeNext(["/runbooks/x", "/other"])).toBe("/runbooks/x");
    expect(safeNext(undefined)).toBe("/");
  });

  it("refuses anything that could land on another host, or break the page", () => {
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "/\t/evil.example",
      "/\n/x",
      "/\u3002/x",
      "/%09/evil.example".replace("%09", "\t"),
      " /x",
      "javascript:alert(1)",
      "/".padEnd(2001, "a"),
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe("/");
    }
  });
});
