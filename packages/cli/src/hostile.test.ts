import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

/**
 * Hostile inputs, one row each: what used to be accepted silently (or reported as an internal
 * error) and must now exit 2 or 3 with one line that names the file, line or flag.
 */
const work = mkdtempSync(join(tmpdir(), "fib-hostile-"));
const items = generateCarb({ n: 20, seed: 9 });
const good = join(work, "good.jsonl");
writeFileSync(good, encodeJsonl(items));
const badUtf8 = join(work, "bad-utf8.jsonl");
{
  const lines = encodeJsonl(items.slice(0, 3)).split("\n");
  const second = Buffer.from(lines[1] as string, "utf8");
  const broken = Buffer.concat([second.subarray(0, 20), Buffer.from([0xff, 0xfe]), second.subarray(20)]);
  writeFileSync(badUtf8, Buffer.concat([Buffer.from(`${lines[0]}\n`), broken, Buffer.from(`\n${lines[2]}\n`)]));
}
const empty = join(work, "empty.jsonl");
writeFileSync(empty, "");
const unknownItem = join(work, "unknown-item.jsonl");
writeFileSync(
  unknownItem,
  `${JSON.stringify({ item_id: (items[0] as { id: string }).id, model_id: "m", prediction: 1, y: 1, correct: true, latency_ms: 1 })}\n${JSON.stringify({ item_id: "nope-404", model_id: "m", prediction: 0, y: 1, correct: false, latency_ms: 1 })}\n`,
);
const aFile = join(work, "a-file");
writeFileSync(aFile, "x");
const reports = join(work, "reports");
const badKind = join(work, "run_bad_kind");
mkdirSync(badKind);
writeFileSync(join(badKind, "summary.json"), JSON.stringify({ kind: "nonsense" }));
const badShape = join(work, "run_bad_shape");
mkdirSync(badShape);
writeFileSync(join(badShape, "harness_report.json"), JSON.stringify({ kind: "harness", seeds: [0], slices: { static: 5 }, config: {} }));

const ROWS: { name: string; argv: string[]; code: number; stderr: RegExp }[] = [
  { name: "invalid UTF-8 in a dataset", argv: ["eval-static", "--dataset", badUtf8, "--models", "stub:always_1", "--reports-dir", reports], code: 2, stderr: /bad-utf8\.jsonl:2.*invalid UTF-8/ },
  { name: "an empty --records file", argv: ["discover", "--records", empty, "--dataset", good, "--reports-dir", reports], code: 2, stderr: /empty\.jsonl.*no records/ },
  {
    name: "a record naming an unknown item",
    argv: ["discover", "--records", unknownItem, "--dataset", good, "--reports-dir", reports],
    code: 2,
    stderr: /unknown-item\.jsonl:2 field "item_id": names item "nope-404"/,
  },
  { name: "--run and --records together", argv: ["discover", "--run", work, "--records", unknownItem, "--dataset", good], code: 2, stderr: /not both/ },
  { name: '--models ""', argv: ["eval-static", "--dataset", good, "--models", "", "--reports-dir", reports], code: 2, stderr: /--models.*is empty/ },
  {
    name: "a seed beyond 2^53",
    argv: ["eval-static", "--dataset", good, "--models", "stub:always_1", "--seed", "99999999999999999999", "--reports-dir", reports],
    code: 2,
    stderr: /--seed.*must be an integer between/,
  },
  { name: "build-carb --n 0", argv: ["build-carb", "--n", "0", "--output", join(work, "zero.jsonl")], code: 2, stderr: /--n.*at least 1/ },
  { name: "a summary.json that is not a fib report", argv: ["report", badKind], code: 2, stderr: /summary\.json field "kind": is not a fib report of its kind/ },
  {
    name: "a harness report with fields missing or of the wrong type",
    argv: ["report", badShape],
    code: 2,
    stderr: /run_bad_shape\/harness_report\.json field "pre_registered": is not a fib report of its kind/,
  },
  { name: "--reports-dir that is a file", argv: ["eval-static", "--dataset", good, "--models", "stub:always_1", "--reports-dir", aFile], code: 2, stderr: /a-file.*not a directory/ },
];

describe("hostile inputs (table)", () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      const r = await runCli(row.argv, { cwd: work });
      expect(r.code, r.stderr).toBe(row.code);
      expect(r.stderr).toMatch(row.stderr);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/internal error/);
    });
  }
});
