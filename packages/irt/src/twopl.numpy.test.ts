import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitIrt, responseMatrix } from "./index.js";

interface NumpyCase {
  name: string;
  responses: (number | null)[][];
  a: number[];
  c: number[];
  loglik: number;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/numpy_2pl.json", import.meta.url), "utf8")) as { generator: string; cases: NumpyCase[] };

describe(`2PL against ${fixture.generator}`, () => {
  for (const c of fixture.cases) {
    it(`${c.name} (${c.responses.length} × ${c.a.length}): the same EM fixed point — a and c within 1e-4, log-likelihood within 1e-6 relative`, () => {
      const items = c.a.map((_, i) => `i${i}`);
      const m = responseMatrix(
        c.responses.map((_, p) => `p${p}`),
        items,
        c.responses,
      );
      const fit = fitIrt(m, { model: "2pl", tol: 1e-9, maxIter: 5000 });
      expect(fit.converged).toBe(true);
      for (const [i, it] of fit.items.entries()) {
        expect(it.a).toBeCloseTo(c.a[i] as number, 4);
        expect(it.c).toBeCloseTo(c.c[i] as number, 4);
      }
      expect(Math.abs(fit.loglik - c.loglik) / Math.abs(c.loglik)).toBeLessThan(1e-6);
    });
  }
});
