import { SerializeAddon } from "@xterm/addon-serialize";
import { Terminal } from "@xterm/headless";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { attachTestViewer } from "../testing/test-viewer";
import { waitFor } from "../testing/wait-for";
import { LiveRun, type ViewerMessage } from "./live-run";
import { spawnPty } from "./pty-process";
import { ackFileOf, sessionScript } from "./session-script";
import { LocalHandshake } from "./shell-handshake";

// Runs as the app runs commands: the session script, whose end mark lets no output be lost.
async function startLive(command: string): Promise<LiveRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runlog-live-"));
  const nonce = "t" + Math.random().toString(36).slice(2);
  const script = sessionScript(command, { stateIn: path.join(dir, "in"), stateOut: path.join(dir, "out"), nonce });
  const handshake = new LocalHandshake(nonce, ackFileOf(path.join(dir, "out")));
  const live = new LiveRun("run_test", "inc_test", "token", { cols: 80, rows: 24, outputCapBytes: 1024 * 1024, secrets: [], handshake });
  const proc = await spawnPty(script, {
    shell: "/bin/bash",
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    cols: 80,
    rows: 24,
  });
  live.setProcess(proc);
  proc.onExit((exit) => void live.finish({ ...exit, status: "exited" }));
  return live;
}

/** What a browser terminal shows after writing these messages, as xterm serializes it. */
async function render(messages: ViewerMessage[]): Promise<string> {
  const term = new Terminal({ cols: 80, rows: 24, scrollback: 2000, allowProposedApi: true });
  const ser = new SerializeAddon();
  term.loadAddon(ser as never);
  for (const m of messages) {
    if (m.kind === "snapshot") {
      term.reset();
      await new Promise<void>((r) => term.write(m.data, r));
    } else if (m.kind === "chunk") await new Promise<void>((r) => term.write(Buffer.concat(m.parts), r));
  }
  const out = ser.serialize();
  term.dispose();
  return out;
}

describe("finishing a run", () => {
  it("happens once however often it is asked for: one end per viewer, output flushed once", async () => {
    const live = await startLive("printf 'done\\n'");
    const viewer = attachTestViewer(live);
    await viewer.ended;
    const bytes = viewer.bytes().length;
    // Finishing again (a second caller, a late exit report) changes nothing.
    await live.finish({ exitCode: 1, signal: null, status: "cancelled" });
    live.settle();
    expect(live.end).toMatchObject({ exitCode: 0, status: "exited" });
    expect(viewer.messages.filter((m) => m.kind === "end")).toHaveLength(1);
    expect(live.capture.totalBytes).toBe(bytes);
    expect(viewer.bytes().toString()).toContain("done");
  });
});

describe("stopping a run", () => {
  it("applies a Cancel that came while the shell was still being started", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "runlog-live-"));
    const live = new LiveRun("run_test", "inc_test", "token", { cols: 80, rows: 24, outputCapBytes: 1024 * 1024, secrets: [] });
    // Cancel pressed before the pty exists (the run is recorded first, then its files and shell are made).
    live.stop("cancelled", 200, "erin");
    const proc = await spawnPty("sleep 30", {
      shell: "/bin/bash",
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      cols: 80,
      rows: 24,
    });
    const exited = new Promise<{ exitCode: number | null; signal: string | null }>((r) => proc.onExit(r));
    live.setProcess(proc);
    const exit = await exited;
    expect(live.statusFor(exit)).toBe("cancelled");
    expect(live.stoppedBy).toBe("erin");
  });
});

describe("LiveRun viewers", () => {
  it("gives a late joiner a snapshot, then every later chunk exactly once", async () => {
    const live = await startLive('for i in $(seq 1 60); do echo "line $i"; sleep 0.01; done');
    const early = attachTestViewer(live);
    // Joins once output has begun, while the loop still runs (it is only at its fifth line).
    await waitFor(() => early.bytes().toString().includes("line 5"), "the fifth line");
    const late = attachTestViewer(live);
    await Promise.all([early.ended, late.ended]);

    const first = late.messages.find((m) => m.kind === "snapshot" || m.kind === "chunk")!;
    expect(late.messages[0]).toEqual({ kind: "resize", cols: 80, rows: 24 });
    expect(first.kind).toBe("snapshot");
    // Frames carry the last chunk they hold: strictly increasing, and together the whole output.
    const seqs = late.messages.flatMap((m) => (m.kind === "chunk" || m.kind === "snapshot" ? [m.seq] : []));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    expect(await render(late.messages)).toBe(await render(early.messages));
    expect(await render(early.messages)).toContain("line 60");
  });

  it("lets a stalled viewer fall behind without slowing the command or the other viewer", async () => {
    const live = await startLive("head -c 8000000 /dev/zero | tr '\\0' x");
    const fast = attachTestViewer(live);
    const stalled = attachTestViewer(live, { acking: false });
    const end = await fast.ended;
    expect(end.exitCode).toBe(0);
    expect(fast.bytes().length).toBe(8_000_000);
    // The stalled viewer got its window's worth and nothing more.
    expect(stalled.bytes().length).toBeLessThan(1024 * 1024 + 70_000);
    stalled.handle.detach();
  });

  it("resyncs a viewer that falls out of the ring from a snapshot once it reads again", async () => {
    // Lines, as real output has: a snapshot built from the ring starts mid-output, and only
    // line boundaries make its screen line up with one that saw everything.
    const live = await startLive("yes 'a line of output' | head -c 20000000; echo done");
    const fast = attachTestViewer(live);
    const slow = attachTestViewer(live, { acking: false });
    await fast.ended;
    // Now it reads: acknowledging what it had catches it up from the mirror, not from byte 1 MiB.
    const lastSeq = slow.messages.flatMap((m) => (m.kind === "chunk" ? [m.seq] : [])).at(-1)!;
    slow.handle.ack(lastSeq);
    const end = await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const last = slow.messages.at(-1);
        if (last?.kind === "snapshot" || last?.kind === "chunk") slow.handle.ack(last.seq);
        if (last?.kind === "end") {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    void end;
    expect(slow.messages.some((m) => m.kind === "snapshot")).toBe(true);
    expect(await render(slow.messages)).toBe(await render(fast.messages));
  });
});

describe("the runner's own pace (issue 19)", () => {
  it("never holds a flooding command back: a runner who stops acknowledging is skipped ahead, then sees the final screen", async () => {
    const live = await startLive("head -c 40000000 /dev/zero | tr '\\0' x; echo; echo the-last-line");
    const runner = attachTestViewer(live, { runner: true, acking: false });
    // The command finishes although its runner took only one window of it.
    await waitFor(() => live.exited, "the command to finish without its runner", 60_000);
    expect(runner.bytes().length).toBeLessThan(1024 * 1024 + 300_000);
    // Now the runner reads again: it catches up from a snapshot, told how much it skipped.
    const catchUp = setInterval(() => {
      const last = runner.messages.at(-1);
      if (last?.kind === "snapshot" || last?.kind === "chunk") runner.handle.ack(last.seq);
    }, 5);
    await runner.ended;
    clearInterval(catchUp);
    const snapshot = runner.messages.find((m) => m.kind === "snapshot");
    expect(snapshot?.kind === "snapshot" && snapshot.skippedBytes).toBeGreaterThan(20_000_000);
    expect(await render(runner.messages)).toContain("the-last-line");
  });

  it("holds the command at the runner's pace while they type: nothing they see is skipped", async () => {
    // The key q makes 4 MiB of output: far more than the runner's window, which it does not
    // acknowledge at first. The runner goes on typing (a "." every 100 ms, which the loop ignores).
    const live = await startLive(
      'echo ready; while read -r -n1 k; do [ "$k" = . ] && continue; head -c 4194304 /dev/zero | tr \'\\0\' "$k"; done',
    );
    const runner = attachTestViewer(live, { runner: true, acking: false });
    // Typed once the loop is there, as a person would: not into a shell still starting.
    await waitFor(() => runner.bytes().includes("ready"), "the loop to start");
    runner.handle.input("q");
    const typing = setInterval(() => runner.handle.input("."), 100);
    await waitFor(() => live.paused, "the command to wait for the typing runner", 30_000);
    // Now it reads, a window at a time: every byte arrives as chunks, none skipped.
    const reading = setInterval(() => {
      const last = runner.messages.at(-1);
      if (last?.kind === "chunk") runner.handle.ack(last.seq);
    }, 5);
    // Counted as the chunks come: copying and splitting all of them on every check (every 10 ms)
    // starved this event loop under load, so long that the typing below lapsed.
    let qs = 0;
    let counted = 0;
    const qsSoFar = () => {
      for (; counted < runner.messages.length; counted++) {
        const m = runner.messages[counted]!;
        if (m.kind !== "chunk") continue;
        for (const part of m.parts) for (let i = 0; i < part.length; i++) if (part[i] === 0x71) qs++;
      }
      return qs;
    };
    await waitFor(() => qsSoFar() >= 4194304, "all 4 MiB the key made", 30_000);
    clearInterval(reading);
    clearInterval(typing);
    expect(runner.messages.filter((m) => m.kind === "snapshot")).toEqual([]);
    live.stop("cancelled", 200, null);
    await runner.ended.catch(() => undefined);
    // Its own limit above its waits': a wait that fails says which.
  }, 90_000);

  it("snapshots restore the alternate screen entered long before what the ring holds", async () => {
    const live = await startLive(
      "printf '\\033[?1049h\\033[?25l'; head -c 20971520 /dev/zero | tr '\\0' z; printf '\\r\\nfull-screen-still\\r\\n'; sleep 30",
    );
    await waitFor(() => live.capture.result().toString().includes("full-screen-still"), "the 20 MiB and the last line", 60_000);
    const late = attachTestViewer(live);
    await waitFor(() => late.messages.some((m) => m.kind === "snapshot"), "the late viewer's snapshot");
    const snapshot = late.messages.find((m) => m.kind === "snapshot")!;
    expect(snapshot.kind === "snapshot" && snapshot.data).toContain("\x1b[?1049h");
    expect(snapshot.kind === "snapshot" && snapshot.data).toContain("full-screen-still");
    live.stop("cancelled", 200, null);
    await late.ended;
  });
});
