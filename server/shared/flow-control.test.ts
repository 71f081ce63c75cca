import { describe, expect, it } from "vitest";
import * as fc from "./flow-control";

describe("flow-control numbers", () => {
  it("fit together: ack interval below low water below high water, frames within the window, a ring of at least one window", () => {
    expect(fc.flowControlProblems()).toEqual([]);
  });

  it("says what is wrong when they do not", () => {
    const base = { HIGH_WATER_BYTES: 100, LOW_WATER_BYTES: 50, ACK_EVERY_BYTES: 10, RING_BYTES: 1000, MAX_FRAME_BYTES: 50 };
    expect(fc.flowControlProblems({ ...base, ACK_EVERY_BYTES: 50 })).toEqual(["the ack interval must be below the low-water mark"]);
    expect(fc.flowControlProblems({ ...base, LOW_WATER_BYTES: 100, ACK_EVERY_BYTES: 10 })).toEqual([
      "the low-water mark must be below the high-water mark",
    ]);
  });
});
