// scripts/serve.sh picks the server's memory allocator through the environment (LD_PRELOAD of
// jemalloc and its MALLOC_CONF, or a glibc tunable), which every program the server starts would
// inherit: ssh, docker, kubectl and git are better off with their own. The launcher says what it
// set in RUNLOG_ALLOCATOR_IN_USE; this takes exactly that back out of the environment.

const SETTING = "RUNLOG_ALLOCATOR_IN_USE";
const GLIBC_MMAP = "glibc.malloc.mmap_threshold=65536";

/** Removes the launcher's allocator settings from `env` (in place); returns the allocator's name ("jemalloc", "glibc"), or null when not started by the launcher. */
export function takeBackAllocatorEnv(env: Record<string, string | undefined> = process.env): string | null {
  const inUse = env[SETTING];
  if (!inUse) return null;
  delete env[SETTING];
  const [name, lib] = inUse.split(" ", 2);
  if (name === "jemalloc" && lib) {
    without(env, "LD_PRELOAD", lib);
    delete env.MALLOC_CONF;
  } else if (name === "glibc") {
    without(env, "GLIBC_TUNABLES", GLIBC_MMAP);
  }
  return name ?? null;
}

function without(env: Record<string, string | undefined>, key: string, entry: string): void {
  const rest = (env[key] ?? "")
    .split(":")
    .filter((e) => e && e !== entry)
    .join(":");
  if (rest) env[key] = rest;
  else delete env[key];
}
