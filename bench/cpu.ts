import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

// Where the CPU goes while a benchmark runs: the whole machine (/proc/stat), one process by pid
// (/proc/<pid>/stat), and this process. Figures are in cores busy on average (2.0 = both of two).

const TICKS_PER_SECOND = 100; // USER_HZ: what Linux reports /proc times in, on every architecture

function machineTicks(): { busy: number; total: number; steal: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3]! + fields[4]!;
  // Time the hypervisor ran something else while this machine wanted the CPU.
  const steal = fields[7]!;
  return { busy: total - idle - steal, total, steal };
}

function processTicks(pid: number): number {
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    // Gone since (a browser's helper process): what it used is not counted.
    return NaN;
  }
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]); // utime, stime
}

export interface CpuSplit {
  /** Cores busy on the whole machine. */
  machine: number;
  /** Cores the hypervisor took away (steal): when it is high, every figure of the run is slower. */
  steal: number;
  /** Cores used by this process. */
  self: number;
  /** Cores used by each watched process. */
  pids: number[];
}

/** Starts measuring; call the result to read the split since then. */
export function cpuMeter(pids: number[] = []): () => CpuSplit {
  const m0 = machineTicks();
  const p0 = pids.map(processTicks);
  const s0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const m1 = machineTicks();
    const self = process.cpuUsage(s0);
    const cores = os.cpus().length;
    return {
      machine: ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * cores,
      steal: ((m1.steal - m0.steal) / Math.max(1, m1.total - m0.total)) * cores,
      self: (self.user + self.system) / 1e6 / seconds,
      pids: pids.map((pid, i) => (processTicks(pid) - p0[i]!) / TICKS_PER_SECOND / seconds),
    };
  };
}

/** The processes running now whose name starts with `prefix` (Debian's Chromium: "chromium"). */
export function pidsNamed(prefix: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").startsWith(prefix)) pids.push(Number(entry));
    } catch {
      // Exited while the list was read.
    }
  }
  return pids;
}

/** Cores used by a group of processes (NaN entries, processes gone before the end, left out). */
export const sumCores = (cores: number[]) => cores.filter((c) => !Number.isNaN(c)).reduce((a, b) => a + b, 0);
