import { describe, expect, it } from "vitest";
import { EndMarkFilter } from "./end-mark";
import { SecretMasker } from "./secret-masker";

const feed = (f: { push(b: Buffer): Buffer; flush(): Buffer }, parts: string[]) =>
  Buffer.concat([...parts.map((p) => f.push(Buffer.from(p))), f.flush()]).toString();

describe("SecretMasker", () => {
  it("masks a secret wherever the chunks split it", () => {
    const text = "token=hunter2-xyz and again hunter2-xyz.";
    for (let cut = 1; cut < text.length; cut++) {
      expect(feed(new SecretMasker(["hunter2-xyz"]), [text.slice(0, cut), text.slice(cut)])).toBe("token=•••••• and again ••••••.");
    }
  });

  it("releases a held prefix that turns out not to be the secret", () => {
    expect(feed(new SecretMasker(["hunter2"]), ["say hunt", "ing season"])).toBe("say hunting season");
    expect(new SecretMasker(["abcd"]).maskText("xabcdx")).toBe("x••••••x");
  });
});

describe("EndMarkFilter", () => {
  it("removes the mark with the run's nonce, split anywhere, and ignores fakes", () => {
    const text = "out\x1b]133;D;0;fake\x07put\x1b]133;D;3;n0nce\x07";
    for (let cut = 1; cut < text.length; cut++) {
      const f = new EndMarkFilter("n0nce");
      expect(feed(f, [text.slice(0, cut), text.slice(cut)])).toBe("out\x1b]133;D;0;fake\x07put");
      expect(f.seen).toBe(true);
    }
  });
});
