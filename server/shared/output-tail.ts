/**
 * What the incident page shows of a finished run's output: its last characters. The whole clean
 * text can be megabytes per run; every page load and every watcher's refresh read the page's
 * data, so the text itself is read only where someone asks for it (the run's output page, the
 * export). The migration that added the tail fills it for older runs with the same figure.
 */
export const OUTPUT_TAIL_CHARS = 4000;

export function outputTail(text: string): { outputTail: string; outputTailCut: boolean } {
  if (text.length <= OUTPUT_TAIL_CHARS) return { outputTail: text, outputTailCut: false };
  let tail = text.slice(-OUTPUT_TAIL_CHARS);
  // The cut may fall inside a character outside the BMP (an emoji): drop its lone second half.
  const first = tail.charCodeAt(0);
  if (first >= 0xdc00 && first <= 0xdfff) tail = tail.slice(1);
  return { outputTail: tail, outputTailCut: true };
}
