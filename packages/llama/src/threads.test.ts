import { describe, expect, it } from "vitest";
import { defaultThreads, ONE_THREAD_BELOW, oversubscribed } from "./ggufPredictor.js";

describe("gguf: threads when the spec names none", () => {
  it("one for small models (the zoo), one per core up to four for larger ones — from the model and the machine, never the load", () => {
    expect(defaultThreads(ONE_THREAD_BELOW - 1, 16)).toBe(1);
    expect(defaultThreads(1_000_000, 2)).toBe(1);
    expect(defaultThreads(7e9, 2)).toBe(2);
    expect(defaultThreads(7e9, 16)).toBe(4);
    expect(defaultThreads(7e9, 1)).toBe(1);
  });
  it("warns when the machine has fewer free cores than the threads, never for one thread", () => {
    expect(oversubscribed(2, 2, 3.5)).toMatch(/busy \(load 3\.5 on 2 cores\): 2 threads/);
    expect(oversubscribed(2, 8, 1)).toBeNull();
    expect(oversubscribed(1, 2, 10)).toBeNull();
  });
});
