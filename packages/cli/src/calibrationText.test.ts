import { describe, expect, it } from "vitest";
import { calibrationHeadline } from "./_internal/harnessText.js";

describe("a calibration's headline", () => {
  it("names the credited H1's own label where it differs from the configuration's, and only there", () => {
    expect(calibrationHeadline({ verdict: "too liberal", verdict_credited: "calibrated" })).toBe("TOO LIBERAL (credited H1: CALIBRATED)");
    expect(calibrationHeadline({ verdict: "calibrated", verdict_credited: "calibrated" })).toBe("CALIBRATED");
    expect(calibrationHeadline({ verdict: "not enough replications" })).toBe("NOT ENOUGH REPLICATIONS");
  });
});
