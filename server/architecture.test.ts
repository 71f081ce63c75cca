import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layering described in the README, held by a test so it cannot drift silently.
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

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^import\s+(type\s+)?[^"']*?from\s+["']([^"']+)["']/gm)].map((m) => ({
    spec: m[2]!,
    typeOnly: Boolean(m[1]),
  }));
}

describe("module boundaries", () => {
  it("server/shared depends on nothing but zod and itself", () => {
    for (const f of sources("server/shared")) {
      for (const { spec } of imports(f)) expect(spec === "zod" || spec.startsWith("./"), `${f} imports ${spec}`).toBe(true);
    }
  });

  it("app code reaches the server only through shared modules, types and the RSC caller", () => {
    const files = sources("app");
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      // Route files render on the server and may call procedures; components may run in the browser.
      const isRoute = /(page|layout|not-found)\.tsx$|route\.ts$/.test(f);
      for (const { spec, typeOnly } of imports(f)) {
        if (!spec.startsWith("@/server/")) continue;
        const allowed = typeOnly || spec.startsWith("@/server/shared/") || (isRoute && spec === "@/server/trpc/server-caller");
        expect(allowed, `${f} imports ${spec}`).toBe(true);
      }
    }
  });

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
