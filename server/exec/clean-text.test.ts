import { describe, expect, it } from "vitest";
import { renderCleanText } from "./clean-text";

describe("renderCleanText", () => {
  it("drops colour codes and resolves carriage-return redraws", async () => {
    const raw = Buffer.from("\x1b[31mred\x1b[0m text\r\nprogress 10%\rprogress 100%\r\ndone\r\n");
    expect(await renderCleanText(raw)).toBe("red text\nprogress 100%\ndone");
  });

  it("renders UTF-8 split across writes and joins wrapped lines", async () => {
    const euro = Buffer.from("prix: 5€\r\n");
    expect(await renderCleanText(euro)).toBe("prix: 5€");
    const long = "x".repeat(250);
    expect(await renderCleanText(Buffer.from(long + "\r\n"), 100)).toBe(long);
  });

  it("keeps every line of a long output, not only what a terminal's scrollback holds (a download is head, marker and tail)", async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `line ${i + 1} ${"x".repeat(i % 250)}`);
    const text = await renderCleanText(Buffer.from(`${lines.join("\r\n")}\r\n`), 120);
    expect(text.split("\n")).toEqual(lines);
  });
});
