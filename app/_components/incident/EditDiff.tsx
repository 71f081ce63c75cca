import { diffLines, diffWordsWithSpace, type Change } from "diff";

/**
 * What the edit changes in the runbook's command: removed text struck through, added text
 * highlighted. A small edit shows word by word; a rewrite shows the old and new lines whole,
 * which reads better than interleaved fragments.
 */
export function EditDiff({ original, edited }: { original: string; edited: string }) {
  const words = diffWordsWithSpace(original, edited);
  const kept = words.filter((p) => !p.added && !p.removed).reduce((n, p) => n + p.value.length, 0);
  const parts: Change[] =
    kept >= original.length * 0.5
      ? words
      : diffLines(original.endsWith("\n") ? original : `${original}\n`, edited.endsWith("\n") ? edited : `${edited}\n`);
  return (
    <pre aria-label="Changes to the runbook's command" className="whitespace-pre-wrap break-all rounded bg-zinc-950 p-2 font-mono text-xs">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i} className="bg-emerald-950 text-emerald-300 no-underline">
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={i} className="bg-red-950 text-red-300">
            {part.value}
          </del>
        ) : (
          <span key={i} className="text-zinc-400">
            {part.value}
          </span>
        ),
      )}
    </pre>
  );
}
