import { describe, expect, it } from "vitest";
import { OUTPUT_TAIL_CHARS, outputTail } from "./output-tail";

describe("outputTail", () => {
  it("keeps a short output whole", () => {
    expect(outputTail("one\ntwo")).toEqual({ outputTail: "one\ntwo", outputTailCut: false });
    expect(outputTail("x".repeat(OUTPUT_TAIL_CHARS))).toEqual({ outputTail: "x".repeat(OUTPUT_TAIL_CHARS), outputTailCut: false });
  });

  it("keeps the end of a long output and says it was cut", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}`).join("\n");
    const { outputTail: tail, outputTailCut } = outputTail(lines);
    expect(outputTailCut).toBe(true);
    expect(tail.length).toBe(OUTPUT_TAIL_CHARS);
    expect(lines.endsWith(tail)).toBe(true);
    expect(tail.endsWith("line 2000")).toBe(true);
  });

  it("does not start with half of a character", () => {
    // "😀" is two UTF-16 units: the cut falls between them.
    const text = "😀" + "y".repeat(OUTPUT_TAIL_CHARS - 1);
    const { outputTail: tail } = outputTail(text);
    expect(tail).toBe("y".repeat(OUTPUT_TAIL_CHARS - 1));
  });
});
