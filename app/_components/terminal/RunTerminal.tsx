"use client";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { decodeChunk, STREAM_PATH, ZStreamServerMessage } from "@/server/shared/stream-protocol";

const MIN_ROWS = 3;
const MAX_ROWS = 24;
const ROW_PX = 17;

export interface RunExit {
  exitCode: number | null;
  signal: string | null;
}

interface Props {
  runId: string;
  label: string;
  onExit?: (exit: RunExit) => void;
}

/**
 * The output of one run in xterm.js, streamed over a WebSocket: replayed from the start when the
 * run is already going or finished, then live. Chunks carry sequence numbers, so a chunk seen
 * twice is written once.
 */
export function RunTerminal({ runId, label, onExit }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const onExitRef = useRef(onExit);
  onExitRef.current = onExit;
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let ws: WebSocket | undefined;
    let cleanup = () => undefined as void;
    (async () => {
      // xterm touches the DOM when imported: load it only in the browser.
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed || !host.current) return;
      const term = new Terminal({
        disableStdin: true,
        fontSize: 13,
        lineHeight: 1.15,
        scrollback: 5000,
        cursorBlink: false,
        theme: { background: "#09090b" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      fit.fit();
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(host.current);
      // Grow with the output, up to a cap: three lines of `free -h` need no half-screen box.
      const grow = term.onWriteParsed(() => {
        const el = host.current;
        const buf = term.buffer.active;
        const used = Math.min(MAX_ROWS, Math.max(MIN_ROWS, buf.baseY + buf.cursorY + 1));
        if (el && used !== term.rows) el.style.height = `${used * ROW_PX + 8}px`;
      });
      cleanup = () => {
        grow.dispose();
        observer.disconnect();
        term.dispose();
      };

      let nextSeq = 0;
      const proto = location.protocol === "https:" ? "wss:" : "ws:";
      ws = new WebSocket(`${proto}//${location.host}${STREAM_PATH}?run=${encodeURIComponent(runId)}&from=0`);
      ws.binaryType = "arraybuffer";
      ws.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
        if (typeof ev.data !== "string") {
          const { seq, data } = decodeChunk(ev.data);
          if (seq < nextSeq) return;
          nextSeq = seq + 1;
          term.write(data);
          return;
        }
        const msg = ZStreamServerMessage.safeParse(JSON.parse(ev.data));
        if (!msg.success) return;
        if (msg.data.type === "exit") onExitRef.current?.({ exitCode: msg.data.exitCode, signal: msg.data.signal });
        else if (msg.data.type === "error") setProblem(msg.data.message);
        else if (msg.data.skippedChunks > 0) term.write("\x1b[2m[earlier output is shown when the command ends]\x1b[0m\r\n");
      };
      ws.onerror = () => setProblem("Lost the connection to the output stream. Reload to reconnect.");
    })();
    return () => {
      disposed = true;
      ws?.close();
      cleanup();
    };
  }, [runId]);

  return (
    <div>
      <div
        ref={host}
        role="region"
        aria-label={label}
        style={{ height: MIN_ROWS * ROW_PX + 8 }}
        className="overflow-hidden rounded border border-zinc-800 bg-[#09090b] p-1"
      />
      {problem && (
        <p role="alert" className="mt-1 text-sm text-amber-300">
          {problem}
        </p>
      )}
    </div>
  );
}
