"use client";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { drawWithGpuWhenPresent } from "./gpu-renderer";
import { bufferText, type TerminalHostElement } from "@/server/shared/terminal-text";
import { ACK_EVERY_BYTES } from "@/server/shared/flow-control";
import {
  decodeChunk,
  STREAM_PATH,
  TERMINAL_COLS,
  ZStreamServerMessage,
  type StreamClientMessage,
  type StreamServerMessage,
} from "@/server/shared/stream-protocol";

const MIN_ROWS = 3;
const MAX_ROWS = 24;
const ROW_PX = 17;

/** How a run ended, as the stream reports it. */
export type RunExit = Omit<Extract<StreamServerMessage, { type: "exit" }>, "type">;

interface Props {
  runId: string;
  label: string;
  /** Given to the person who started the run: their keystrokes and size go to the command. */
  runnerToken?: string;
  /** The whole stored output, for what a viewer that fell behind skipped. */
  downloadHref?: string;
  onExit?: (exit: RunExit) => void;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The output of one run in xterm.js over a WebSocket: a viewer who arrives mid-run starts from
 * the server's snapshot of the screen, then follows live; a finished run is replayed from the
 * database. Every viewer acknowledges what it has written, so a slow tab falls behind (and
 * catches up from a snapshot) instead of slowing the command or anyone else.
 */
export function RunTerminal({ runId, label, runnerToken, downloadHref, onExit }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const onExitRef = useRef(onExit);
  useEffect(() => {
    onExitRef.current = onExit;
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);
  const [live, setLive] = useState(true);

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
      // The whole buffer, scrollback included, for whoever needs more than the visible rows.
      const hostEl: TerminalHostElement = host.current;
      hostEl.dataset.renderer = await drawWithGpuWhenPresent(term, () => (hostEl.dataset.renderer = "dom"));
      if (disposed) {
        term.dispose();
        return;
      }
      hostEl.terminalText = () => bufferText(term.buffer.active);
      // Height follows the box (rows); width is the run's, set by the server.
      const observer = new ResizeObserver(() => {
        const dims = fit.proposeDimensions();
        if (dims && dims.rows !== term.rows) term.resize(term.cols, dims.rows);
      });
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
        delete hostEl.terminalText;
        term.dispose();
      };

      let nextSeq = 0;
      let unacked = 0;
      let runner = false;
      const proto = location.protocol === "https:" ? "wss:" : "ws:";
      const token = runnerToken ? `&token=${encodeURIComponent(runnerToken)}` : "";
      // A finished run's replay height (its width is the run's own, or this for runs stored without one).
      const replaySize = `&cols=${term.cols}&rows=${term.rows}`;
      const socket = new WebSocket(`${proto}//${location.host}${STREAM_PATH}?run=${encodeURIComponent(runId)}${token}${replaySize}`);
      ws = socket;
      socket.binaryType = "arraybuffer";
      const tell = (msg: StreamClientMessage) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
      };
      const written = (seq: number, bytes: number) => {
        unacked += bytes;
        if (unacked >= ACK_EVERY_BYTES) {
          unacked = 0;
          tell({ type: "ack", seq });
        }
      };
      // The runner's terminal width is the run's width; everyone else renders at that width.
      const proposeSize = () => {
        const dims = fit.proposeDimensions();
        if (runner && dims && dims.cols !== term.cols) tell({ type: "resize", cols: Math.max(TERMINAL_COLS.min, dims.cols), rows: 24 });
      };
      const typed = term.onData((data) => tell({ type: "input", data }));
      const stopTyping = () => {
        delete hostEl.dataset.input;
        term.options.disableStdin = true;
        typed.dispose();
      };
      // Chunks are written to xterm.js once per animation frame, as one write: parsing many small
      // writes costs more than one large one, and nothing is drawn between frames anyway.
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      let batchSeq = -1;
      let frame = 0;
      const flush = () => {
        frame = 0;
        if (batch.length === 0) return;
        const parts = batch;
        const [seq, bytes] = [batchSeq, batchBytes];
        batch = [];
        batchBytes = 0;
        let data = parts[0]!;
        if (parts.length > 1) {
          data = new Uint8Array(bytes);
          let at = 0;
          for (const p of parts) {
            data.set(p, at);
            at += p.length;
          }
        }
        term.write(data, () => written(seq, bytes));
      };
      socket.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
        if (typeof ev.data !== "string") {
          const { seq, data } = decodeChunk(ev.data);
          if (seq < nextSeq) return;
          nextSeq = seq + 1;
          batch.push(data);
          batchBytes += data.length;
          batchSeq = seq;
          frame ||= requestAnimationFrame(flush);
          return;
        }
        // Whatever comes next (a snapshot, the exit) follows the chunks before it.
        if (frame) {
          cancelAnimationFrame(frame);
          flush();
        }
        const msg = ZStreamServerMessage.safeParse(JSON.parse(ev.data));
        if (!msg.success) return;
        const m = msg.data;
        if (m.type === "attached") {
          setLive(m.live);
          runner = m.runner && m.live;
          if (runner) {
            term.options.disableStdin = false;
            // Keys typed before this were not the command's: say when they are (tests wait for it).
            hostEl.dataset.input = "ready";
            proposeSize();
          } else stopTyping();
        } else if (m.type === "snapshot") {
          nextSeq = m.seq + 1;
          if (m.skippedBytes > 0) setSkipped((total) => total + m.skippedBytes);
          term.reset();
          if (term.cols !== m.cols) term.resize(m.cols, term.rows);
          term.write(m.data, () => {
            unacked = 0;
            tell({ type: "ack", seq: m.seq });
          });
        } else if (m.type === "resize") {
          if (term.cols !== m.cols) term.resize(m.cols, term.rows);
        } else if (m.type === "exit") {
          stopTyping();
          onExitRef.current?.({ exitCode: m.exitCode, signal: m.signal, status: m.status });
        } else setProblem(m.message);
      };
      // Closing a socket still connecting (the card unmounted) reports an error too: not a problem.
      socket.onerror = () => {
        if (!disposed) setProblem("Lost the connection to the output stream. Reload to reconnect.");
      };
      const widthWatcher = new ResizeObserver(() => proposeSize());
      widthWatcher.observe(host.current);
      const previous = cleanup;
      cleanup = () => {
        if (frame) cancelAnimationFrame(frame);
        widthWatcher.disconnect();
        typed.dispose();
        previous();
      };
    })();
    return () => {
      disposed = true;
      if (ws) ws.onmessage = null;
      ws?.close();
      cleanup();
    };
  }, [runId, runnerToken]);

  return (
    <div>
      {skipped > 0 && (
        <p role="status" className="mb-1 text-xs text-zinc-400">
          … {size(skipped)} of earlier output not shown here{live ? ", to keep up with the command" : ""}
          {downloadHref && (
            <>
              {" "}
              —{" "}
              <a href={downloadHref} className="text-sky-300 hover:underline">
                Download output
              </a>
            </>
          )}
        </p>
      )}
      <div
        ref={host}
        role="region"
        aria-label={label}
        style={{ height: MIN_ROWS * ROW_PX + 8 }}
        className="overflow-x-auto overflow-y-hidden rounded border border-zinc-800 bg-[#09090b] p-1"
      />
      {problem && (
        <p role="alert" className="mt-1 text-sm text-amber-300">
          {problem}
        </p>
      )}
    </div>
  );
}
