// scripts/serve.sh picks the server's memory allocator through the environment (LD_PRELOAD of
// jemalloc and its MALLOC_CONF, or a glibc tunable), which every program the server starts would
// inherit: ssh, docker, kubectl and git are better off with their own. The launcher keeps what
// each variable it changed held before (RUNLOG_BEFORE_<NAME>: "unset" or "set:<value>") and
// names the allocator (RUNLOG_ALLOCATOR_IN_USE); this puts the environment back as it was.

const IN_USE = "RUNLOG_ALLOCATOR_IN_USE";
const BEFORE = "RUNLOG_BEFORE_";
const WAS_SET = "set:";

/** Restores the variables the launcher changed in `env` (in place); returns the allocator's name ("jemalloc", "glibc"), or null when not started by the launcher. */
export function takeBackAllocatorEnv(env: Record<string, string | undefined> = process.env): string | null {
  for (const [key, saved] of Object.entries(env)) {
    if (!key.startsWith(BEFORE) || saved === undefined) continue;
    const name = key.slice(BEFORE.length);
    if (saved.startsWith(WAS_SET)) env[name] = saved.slice(WAS_SET.length);
    else delete env[name];
    delete env[key];
  }
  const inUse = env[IN_USE];
  delete env[IN_USE];
  return inUse ? inUse.split(" ", 1)[0]! : null;
}
