"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { isPlainKey, isTypingTarget } from "@/app/_lib/keyboard";

/** The incident page's keys, as the help dialog (`?`) lists them. */
export const INCIDENT_SHORTCUTS: [keys: string, what: string][] = [
  ["j / k", "next / previous command"],
  ["Enter or r", "run the current command (with the same confirmation as a click)"],
  ["e", "edit the current command"],
  ["c", "cancel the running command"],
  ["n", "jump to the next step not done"],
  ["g t", "open the commander's view (timeline)"],
  ["?", "show these keys"],
];

const SEQUENCE_MS = 1500;
const runnables = () => [...document.querySelectorAll<HTMLElement>("[data-runnable]")];
const button = (within: ParentNode, action: string) =>
  within.querySelector<HTMLButtonElement>(`button[data-action="${action}"]:not([disabled])`);

/**
 * Keyboard first on the incident page. The keys act on the DOM the page already renders (the
 * same buttons a click would press), so a shortcut can never bypass a guard. Nothing fires while
 * typing in a field, a dialog or a terminal.
 */
export function useIncidentShortcuts(incidentId: string): { helpOpen: boolean; closeHelp: () => void } {
  const router = useRouter();
  const [helpOpen, setHelpOpen] = useState(false);
  const current = useRef<HTMLElement | null>(null);
  const pendingG = useRef(0);

  useEffect(() => {
    const select = (el: HTMLElement | null) => {
      current.current?.removeAttribute("data-current");
      current.current = el;
      if (!el) return;
      el.setAttribute("data-current", "");
      el.scrollIntoView({ block: "nearest" });
      el.focus({ preventScroll: true });
    };
    const currentOrFirst = () => (current.current?.isConnected ? current.current : null);
    const move = (by: number) => {
      const all = runnables();
      if (all.length === 0) return;
      const at = currentOrFirst() ? all.indexOf(currentOrFirst()!) : -1;
      select(all[at < 0 ? (by > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + by))]!);
    };
    const nextStepNotDone = () => {
      const steps = [...document.querySelectorAll<HTMLElement>("li[data-step-status]")];
      const from = currentOrFirst()?.closest<HTMLElement>("li[data-step-status]");
      const start = from ? steps.indexOf(from) + 1 : 0;
      const open = (s: HTMLElement) => s.dataset.stepStatus !== "done" && s.dataset.stepStatus !== "skipped";
      const step = steps.slice(start).find(open) ?? steps.slice(0, start).find(open);
      if (!step) return;
      const first = step.querySelector<HTMLElement>("[data-runnable]");
      if (first) select(first);
      else {
        step.scrollIntoView({ block: "start" });
        step.querySelector<HTMLElement>("h2")?.focus();
      }
    };

    const onKey = (e: KeyboardEvent) => {
      if (!isPlainKey(e) || isTypingTarget(e.target)) return;
      const onControl = e.target instanceof HTMLElement && e.target.closest("button, a, summary") !== null;
      if (pendingG.current && Date.now() - pendingG.current < SEQUENCE_MS && e.key === "t") {
        pendingG.current = 0;
        e.preventDefault();
        router.push(`/incidents/${incidentId}/timeline`);
        return;
      }
      pendingG.current = 0;
      // A card someone clicked or tabbed into is the current one.
      const focused = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>("[data-runnable]") : null;
      if (focused && focused !== current.current) {
        current.current?.removeAttribute("data-current");
        current.current = focused;
        focused.setAttribute("data-current", "");
      }
      const cur = currentOrFirst();
      switch (e.key) {
        case "j":
          return (e.preventDefault(), move(1));
        case "k":
          return (e.preventDefault(), move(-1));
        case "Enter":
          // Enter on a button or link presses that one.
          if (onControl || !cur) return;
          e.preventDefault();
          return void button(cur, "run")?.click();
        case "r":
          if (!cur) return;
          e.preventDefault();
          return void button(cur, "run")?.click();
        case "e":
          if (!cur) return;
          e.preventDefault();
          return void button(cur, "edit")?.click();
        case "c": {
          const cancel = (cur && button(cur, "cancel")) ?? button(document, "cancel");
          if (!cancel) return;
          e.preventDefault();
          return void cancel.click();
        }
        case "n":
          return (e.preventDefault(), nextStepNotDone());
        case "g":
          pendingG.current = Date.now();
          return;
        case "?":
          e.preventDefault();
          return setHelpOpen(true);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [incidentId, router]);

  return { helpOpen, closeHelp: () => setHelpOpen(false) };
}
