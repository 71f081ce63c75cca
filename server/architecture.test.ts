import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layering described in the README that an import rule cannot express (which code writes
// timeline rows); the import rules themselves are in eslint.config.mjs.
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === "generated" || name === "node_modules") continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

describe("module boundaries", () => {
  it("only the timeline module writes timeline rows", () => {
    for (const f of sources("server").filter((f) => !f.startsWith(path.join("server", "timeline")))) {
      expect(readFileSync(f, "utf8"), f).not.toMatch(/timelineEvent\.(create|update|delete|upsert)/);
    }
  });

  it("timeline rows are appended, never deleted, and updated only to seal pre-chain events", () => {
    for (const f of sources("server").filter((f) => !f.endsWith(".test.ts"))) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/timelineEvent\.(delete|deleteMany|updateMany|upsert)\b/);
      if (/timelineEvent\.update\b/.test(text)) expect(f).toBe(path.join("server", "timeline", "seal-legacy-events.ts"));
      if (/timelineEvent\.create\b/.test(text)) expect(f).toBe(path.join("server", "timeline", "append-event.ts"));
    }
  });
});
