import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { takeBackAllocatorEnv } from "./allocator-env";

describe("takeBackAllocatorEnv", () => {
  it("removes the jemalloc preload and its settings the launcher added, and keeps a preload of someone else's", () => {
    const env: Record<string, string | undefined> = {
      LD_PRELOAD: "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2:/opt/other.so",
      MALLOC_CONF: "background_thread:true",
      RUNLOG_ALLOCATOR_IN_USE: "jemalloc /usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
      PATH: "/usr/bin",
    };
    expect(takeBackAllocatorEnv(env)).toBe("jemalloc");
    expect(env).toEqual({ LD_PRELOAD: "/opt/other.so", PATH: "/usr/bin" });
  });

  it("removes only its own glibc tunable", () => {
    const env: Record<string, string | undefined> = {
      GLIBC_TUNABLES: "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=65536",
      RUNLOG_ALLOCATOR_IN_USE: "glibc",
    };
    expect(takeBackAllocatorEnv(env)).toBe("glibc");
    expect(env).toEqual({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" });
  });

  it("leaves an environment the launcher did not set alone", () => {
    const env = { LD_PRELOAD: "/opt/x.so" };
    expect(takeBackAllocatorEnv(env)).toBeNull();
    expect(env).toEqual({ LD_PRELOAD: "/opt/x.so" });
  });
});

describe("scripts/serve.sh", () => {
  // The launcher's choice, seen by a node that prints its environment instead of serving.
  const launch = (env: Record<string, string>) => {
    const fakeNode = `#!/bin/sh\nprintf '%s|%s|%s|%s' "$RUNLOG_ALLOCATOR_IN_USE" "$LD_PRELOAD" "$GLIBC_TUNABLES" "$NODE_ENV"`;
    return execFileSync(
      "sh",
      ["-c", `f=$(mktemp); printf '%s' "$FAKE" > "$f"; chmod +x "$f"; RUNLOG_NODE="$f" sh scripts/serve.sh; rc=$?; rm -f "$f"; exit $rc`],
      {
        env: { ...process.env, RUNLOG_ALLOCATOR: "", LD_PRELOAD: "", GLIBC_TUNABLES: "", MALLOC_CONF: "", FAKE: fakeNode, ...env },
        encoding: "utf8",
      },
    );
  };

  it("uses the system allocator with large buffers from mmap when asked", () => {
    expect(launch({ RUNLOG_ALLOCATOR: "system" })).toBe("glibc||glibc.malloc.mmap_threshold=65536|production");
  });

  it("refuses an allocator it does not know, saying which values it takes", () => {
    expect(() => launch({ RUNLOG_ALLOCATOR: "tcmalloc" })).toThrow(/RUNLOG_ALLOCATOR must be auto, jemalloc or system/);
  });

  it("preloads jemalloc where it is installed", () => {
    const out = launch({});
    const [inUse, preload] = out.split("|");
    if (inUse === "glibc") expect(() => launch({ RUNLOG_ALLOCATOR: "jemalloc" })).toThrow(/no libjemalloc.so.2 is installed/);
    else expect(preload).toBe(inUse!.split(" ")[1]);
  });
});
