import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { takeBackAllocatorEnv } from "./allocator-env";

const ALLOCATOR_VARS = ["LD_PRELOAD", "MALLOC_CONF", "GLIBC_TUNABLES"] as const;
const jemallocInstalled = ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"].some(existsSync);

/** Runs scripts/serve.sh with a stand-in for node that prints the environment node would start with. */
function launch(env: Record<string, string>): Record<string, string> {
  // A clean environment (none of this process's allocator settings); serve.sh sets NODE_ENV itself.
  const base = { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "test" as const };
  const out = execFileSync(
    "sh",
    [
      "-c",
      `f=$(mktemp); printf '#!/bin/sh\\nenv\\n' > "$f"; chmod +x "$f"; RUNLOG_NODE="$f" sh scripts/serve.sh; rc=$?; rm -f "$f"; exit $rc`,
    ],
    { env: { ...base, ...env }, encoding: "utf8" },
  );
  return Object.fromEntries(
    out.split("\n").flatMap((line) => (line.includes("=") ? [[line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]] : [])),
  );
}

const pick = (env: Record<string, string | undefined>) =>
  Object.fromEntries(ALLOCATOR_VARS.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));

describe("scripts/serve.sh and takeBackAllocatorEnv", () => {
  it("uses the system allocator with large buffers from mmap when asked", () => {
    const started = launch({ RUNLOG_ALLOCATOR: "system" });
    expect(started.RUNLOG_ALLOCATOR_IN_USE).toBe("glibc");
    expect(started.LD_PRELOAD).toBeUndefined();
    expect(started.GLIBC_TUNABLES).toBe("glibc.malloc.mmap_threshold=65536");
    expect(started.NODE_ENV).toBe("production");
  });

  it("refuses an allocator it does not know, saying which values it takes", () => {
    expect(() => launch({ RUNLOG_ALLOCATOR: "tcmalloc" })).toThrow(/RUNLOG_ALLOCATOR must be auto, jemalloc or system/);
  });

  it.runIf(jemallocInstalled)("preloads jemalloc where it is installed", () => {
    const started = launch({});
    const [name, lib] = started.RUNLOG_ALLOCATOR_IN_USE!.split(" ");
    expect(name).toBe("jemalloc");
    expect(started.LD_PRELOAD).toBe(lib);
    expect(started.MALLOC_CONF).toContain("background_thread:true");
  });

  it.runIf(!jemallocInstalled)("refuses RUNLOG_ALLOCATOR=jemalloc where jemalloc is not installed", () => {
    expect(() => launch({ RUNLOG_ALLOCATOR: "jemalloc" })).toThrow(/no libjemalloc.so.2 is installed/);
  });

  for (const allocator of ["auto", "system"]) {
    it(`gives the server's children the environment it was started with (${allocator}), set or not`, () => {
      const own = { LD_PRELOAD: "/opt/other.so", MALLOC_CONF: "narenas:1", GLIBC_TUNABLES: "glibc.malloc.arena_max=2" };
      for (const before of [own, {}]) {
        const env: Record<string, string | undefined> = launch({ RUNLOG_ALLOCATOR: allocator, ...before });
        expect(takeBackAllocatorEnv(env)).toBe(allocator === "system" || !jemallocInstalled ? "glibc" : "jemalloc");
        expect(pick(env)).toEqual(before);
        expect(Object.keys(env).filter((k) => k.startsWith("RUNLOG_BEFORE_") || k === "RUNLOG_ALLOCATOR_IN_USE")).toEqual([]);
      }
    });
  }

  it("leaves an environment the launcher did not set alone", () => {
    const env = { LD_PRELOAD: "/opt/x.so" };
    expect(takeBackAllocatorEnv(env)).toBeNull();
    expect(env).toEqual({ LD_PRELOAD: "/opt/x.so" });
  });
});
