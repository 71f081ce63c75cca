"use client";
import { createFocusTrap } from "focus-trap";
import { useEffect, useRef } from "react";
import { INCIDENT_SHORTCUTS } from "./use-incident-shortcuts";

/** The list of the incident page's keys (`?`); Esc or the button closes it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const trap = createFocusTrap(box.current!, { escapeDeactivates: false, returnFocusOnDeactivate: true, allowOutsideClick: true });
    trap.activate();
    return () => void trap.deactivate();
  }, []);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4" onClick={onClose}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "?") {
            e.preventDefault();
            onClose();
          }
        }}
        className="w-full max-w-md rounded-lg border border-zinc-700 bg-zinc-900 p-5 shadow-xl"
      >
        <h2 id="shortcut-help-title" className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {INCIDENT_SHORTCUTS.map(([keys, what]) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-600 px-1.5 font-mono">{keys}</kbd>
              </dt>
              <dd className="text-zinc-300">{what}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-zinc-400">Keys do nothing while you type in a field or a terminal.</p>
        <button
          type="button"
          onClick={onClose}
          className="mt-4 min-h-11 rounded border border-zinc-600 px-3 py-1 text-sm text-zinc-200 hover:bg-zinc-800"
        >
          Close
        </button>
      </div>
    </div>
  );
}
