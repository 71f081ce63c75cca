import type { LiveRun, RunEnd, ViewerHandle, ViewerMessage } from "../exec/live-run";

export interface TestViewer {
  handle: ViewerHandle;
  messages: ViewerMessage[];
  /** Output bytes received as chunks, in order. */
  bytes(): Buffer;
  ended: Promise<RunEnd>;
}

/**
 * A viewer as the browser is one: it receives what the run sends and acknowledges it after
 * "writing" it. `acking: false` makes a viewer that stopped reading (a stalled tab).
 */
export function attachTestViewer(live: LiveRun, opts: { runner?: boolean; acking?: boolean } = {}): TestViewer {
  const messages: ViewerMessage[] = [];
  let resolveEnd: (e: RunEnd) => void = () => undefined;
  const ended = new Promise<RunEnd>((r) => (resolveEnd = r));
  const handle: ViewerHandle = live.attach(
    {
      deliver: (msg) => {
        // A chunk's parts are views into the run's ring, valid during this call: keep a copy, as a browser receives one.
        messages.push(msg.kind === "chunk" ? { ...msg, parts: [Buffer.concat(msg.parts)] } : msg);
        if (msg.kind === "end") resolveEnd(msg.end);
        else if (opts.acking !== false && (msg.kind === "chunk" || msg.kind === "snapshot")) {
          const seq = msg.seq;
          setImmediate(() => handle.ack(seq));
        }
      },
    },
    { runner: opts.runner ?? false },
  );
  return {
    handle,
    messages,
    bytes: () => Buffer.concat(messages.flatMap((m) => (m.kind === "chunk" ? m.parts : []))),
    ended,
  };
}
