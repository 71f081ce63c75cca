/**
 * Whether a key event belongs to something the person is typing into: a field, an editable
 * region or a terminal. Page shortcuts never fire there.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .xterm, [role='dialog']")) return true;
  return false;
}

/** A plain key press (no Ctrl, Alt or Meta: those belong to the browser and the terminal). */
export function isPlainKey(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey;
}
