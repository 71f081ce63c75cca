// `<pod-name>` style stand-ins parse as redirections in bash (`oc logs <pod> -n ns` would redirect
// from "pod" to "-n"). They are masked with same-length filler before parsing, so every offset in
// the tree still points at the original text.
const ANGLE = /(?<![<\w])<([A-Za-z][\w.:/ -]{0,60}?)>(?!>)/g;

export interface MaskResult {
  masked: string;
  placeholders: { text: string; index: number }[];
}

export function maskAnglePlaceholders(source: string): MaskResult {
  const placeholders: MaskResult["placeholders"] = [];
  const masked = source.replace(ANGLE, (whole: string, _inner: string, index: number) => {
    // `<<EOF` heredocs and `<(cmd)` are excluded by the pattern; `cmd <file >out` is ambiguous and
    // kept as a redirect when what follows the `>` is not a word boundary.
    placeholders.push({ text: whole, index });
    return "_".repeat(whole.length);
  });
  return { masked, placeholders };
}
