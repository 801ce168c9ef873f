/**
 * Opens a rendered report in headless Chromium (Debian's /usr/bin/chromium, installed by
 * .ci/run): no console errors, the expected number of marks in the charts, and a screenshot
 * in .screenshots/ (ignored by git). Set FIB_CHROMIUM to use another binary.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { fixtureBundle } from "./_internal/bundle.fixture.js";
import { renderReport } from "./index.js";

const executablePath = process.env.FIB_CHROMIUM ?? "/usr/bin/chromium";
const shots = resolve(import.meta.dirname, "../../../.screenshots");

describe("report.html in a real browser", () => {
  it("opens from disk with no console errors, every chart drawn, and a screenshot", async () => {
    expect(existsSync(executablePath), `Chromium not found at ${executablePath}: apt-get install chromium (or set FIB_CHROMIUM)`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "fib-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, renderReport(fixtureBundle()));
    const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "fib-chromium-profile-")), {
      executablePath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1200, height: 900 },
    });
    try {
      const page = await ctx.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
      expect(await page.locator('[data-mark="bar"]').count()).toBe(11);
      expect(await page.locator('[data-mark="point"]').count()).toBe(40);
      expect(await page.locator('[data-mark="line-point"]').count()).toBe(17);
      expect(await page.locator("svg[data-chart]").count()).toBe(9);
      // every chart has a visible size
      for (const box of await page.locator("svg[data-chart]").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
        expect(box.width).toBeGreaterThan(100);
        expect(box.height).toBeGreaterThan(50);
      }
      // hovers carry the item, model and structure_id
      expect(await page.locator('[data-mark="point"] title').first().textContent()).toMatch(/cluster 0 · weak · syllogism\/universal/);
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "report.png"), fullPage: true });
      expect(existsSync(join(shots, "report.png"))).toBe(true);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
