import { expect, type Locator } from "@playwright/test";
import type { TerminalHostElement } from "../server/shared/terminal-text";

// Tests read a run's output as data: the server's whole output of the run, or a terminal's whole
// buffer. Never the rows that happen to be on screen: they depend on the viewport and scrolling.

/** The whole output of the run a command card shows, from the server (live capture, else the database). */
export async function runOutput(card: Locator): Promise<{ text: string; running: boolean }> {
  const href = await card.getByRole("link", { name: "Full output" }).getAttribute("href");
  if (!href) throw new Error("This card shows no run.");
  const res = await card.page().request.get(href);
  expect(res.status(), await res.text()).toBe(200);
  return { text: (await res.text()).replace(/\n$/, ""), running: res.headers()["x-runlog-run-running"] === "true" };
}

/** Waits until the card's run output (whole, from the server) matches. */
export async function expectOutput(card: Locator, expected: string | RegExp, timeout = 15_000): Promise<void> {
  await expect
    .poll(async () => (await runOutput(card)).text, { timeout, message: `output of the card's run should contain ${String(expected)}` })
    .toMatch(typeof expected === "string" ? new RegExp(escapeRegExp(expected)) : expected);
}

/** What one browser's terminal holds: its whole buffer, scrollback included; null until xterm.js has opened it. */
export async function terminalText(region: Locator): Promise<string | null> {
  return region.evaluate((el: TerminalHostElement) => (el.terminalText ? el.terminalText() : null));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
