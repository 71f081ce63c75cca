import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { collectWhenIdle, IDLE_COLLECT_MS } from "./idle-memory";

describe("collectWhenIdle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("collects once, after the wait, when nothing runs by then; a later call restarts the wait", () => {
    const collect = vi.fn();
    collectWhenIdle(() => true, collect);
    vi.advanceTimersByTime(IDLE_COLLECT_MS - 1);
    collectWhenIdle(() => true, collect);
    vi.advanceTimersByTime(IDLE_COLLECT_MS - 1);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledWith({ type: "major", execution: "async" });
    vi.advanceTimersByTime(10 * IDLE_COLLECT_MS);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("does not collect while a run is live", () => {
    const collect = vi.fn();
    collectWhenIdle(() => false, collect);
    vi.advanceTimersByTime(2 * IDLE_COLLECT_MS);
    expect(collect).not.toHaveBeenCalled();
  });

  it("does nothing where gc is not exposed", () => {
    expect(() => collectWhenIdle(() => true, undefined)).not.toThrow();
    vi.advanceTimersByTime(2 * IDLE_COLLECT_MS);
  });
});
