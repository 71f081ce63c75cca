import { describe, expect, it } from "vitest";
import { readConfig } from "./config";

describe("configuration", () => {
  it("bounds the output kept per run, with a message that says the limit", () => {
    expect(readConfig({ RUNLOG_OUTPUT_CAP_BYTES: "1048576" }).outputCapBytes).toBe(1048576);
    expect(readConfig({}).outputCapBytes).toBe(5 * 1024 * 1024);
    expect(() => readConfig({ RUNLOG_OUTPUT_CAP_BYTES: "1073741824" })).toThrow(
      "Invalid configuration: RUNLOG_OUTPUT_CAP_BYTES: at most 268435456 (256 MiB).",
    );
    expect(() => readConfig({ RUNLOG_OUTPUT_CAP_BYTES: "lots" })).toThrow(/RUNLOG_OUTPUT_CAP_BYTES/);
  });
});
