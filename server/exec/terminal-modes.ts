// DEC private modes a screen depends on: cursor keys (1), autowrap (7), cursor visible (25), the
// alternate screen (47, 1047, 1049), mouse reporting (1000-1006), bracketed paste (2004).
const TRACKED = new Set([1, 7, 25, 47, 1000, 1002, 1003, 1006, 1047, 1049, 2004]);
const ALT_SCREEN = [1049, 1047, 47];
// CSI ? Pm h|l (modes) and CSI Pm m (colours and attributes); nothing else changes these.
const SEQUENCE = /\x1b\[(\?)?([0-9;:]*)([hlm])/g;
// The longest tail that may be the start of a sequence still being written.
const TAIL = 32;

/**
 * The terminal modes and colours a byte stream leaves set, kept without emulating a terminal: a
 * snapshot rebuilt from the recent output alone starts from them (a program that switched to the
 * alternate screen 20 MiB ago is still there), and the runner is never skipped past a full-screen
 * program. Output without an ESC byte costs one memchr.
 */
export class TerminalModes {
  private readonly modes = new Map<number, boolean>();
  private sgr: string[] = [];
  private tail = "";

  feed(chunk: Buffer): void {
    if (this.tail === "" && chunk.indexOf(0x1b) < 0) return;
    const text = this.tail + chunk.toString("latin1");
    let consumed = 0;
    for (const m of text.matchAll(SEQUENCE)) {
      consumed = m.index + m[0].length;
      const params = m[2]!.split(";").filter((p) => p !== "");
      if (m[1] === "?") {
        if (m[3] === "m") continue;
        for (const p of params) {
          const mode = Number(p);
          if (TRACKED.has(mode)) this.modes.set(mode, m[3] === "h");
        }
      } else if (m[3] === "m") {
        // A reset clears everything before it; otherwise attributes add up.
        const last = params.lastIndexOf("0");
        if (params.length === 0) this.sgr = [];
        else this.sgr = last >= 0 ? params.slice(last + 1) : [...this.sgr, ...params].slice(-32);
      }
    }
    const rest = text.slice(consumed);
    const esc = rest.lastIndexOf("\x1b");
    this.tail = esc >= 0 && rest.length - esc <= TAIL ? rest.slice(esc) : "";
  }

  clone(): TerminalModes {
    const copy = new TerminalModes();
    for (const [k, v] of this.modes) copy.modes.set(k, v);
    copy.sgr = [...this.sgr];
    copy.tail = this.tail;
    return copy;
  }

  get altScreen(): boolean {
    return ALT_SCREEN.some((m) => this.modes.get(m) === true);
  }

  /** What a fresh terminal replays to show `recent` as it was: this state's sequences, then `recent`. */
  replay(recent: Buffer): Buffer[] {
    const prefix = this.prefix();
    return prefix ? [Buffer.from(prefix, "latin1"), recent] : [recent];
  }

  /** The sequences that put a fresh terminal in this state (alternate screen first: the others apply to it). */
  prefix(): string {
    let out = "";
    const alt = ALT_SCREEN.find((m) => this.modes.get(m) === true);
    if (alt !== undefined) out += `\x1b[?${alt}h`;
    for (const [mode, on] of this.modes) if (!ALT_SCREEN.includes(mode)) out += `\x1b[?${mode}${on ? "h" : "l"}`;
    if (this.sgr.length) out += `\x1b[${this.sgr.join(";")}m`;
    return out;
  }
}
