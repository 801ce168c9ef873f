import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

/**
 * Hostile inputs, round two (issue 21): terminal spoofing from data, tampered run dirs that ask for
 * unbounded work, devices and FIFOs where files belong. Each row failed before its fix.
 */
const work = mkdtempSync(join(tmpdir(), "fib-hostile2-"));
const ESC = String.fromCharCode(27);
const RLO = "\u202e";
const spoof = `\r${ESC}[2K${RLO}owned\nfake line`;
// a raw control or bidi character anywhere in printed text (fib's own \n and \t aside)
const RAW = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}-${String.fromCharCode(31)}${String.fromCharCode(127)}\\u202a-\\u202e\\u2066-\\u2069]`);

const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 120, seed: 4 })));
const carb2 = join(work, "carb2.jsonl");
writeFileSync(carb2, encodeJsonl(generateCarb({ n: 120, seed: 5 })));
const spoofed = join(work, "spoofed.jsonl");
writeFileSync(spoofed, encodeJsonl(generateCarb({ n: 30, seed: 4 }).map((it, i) => (i < 5 ? { ...it, type: `${it.type}${spoof}` } : it))));

let runDir = "";
const tamper = (name: string, edit: (r: { config: Record<string, unknown>; provenance: Record<string, unknown> }) => void) => {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const r = JSON.parse(readFileSync(join(runDir, "harness_report.json"), "utf8"));
  edit(r);
  writeFileSync(join(dir, "harness_report.json"), JSON.stringify(r));
  return dir;
};

beforeAll(async () => {
  const r = await runCli(["harness", "--slice", `carb=${carb}`, "--budget", "40", "--n-seeds", "1", "--n-boot", "20", "--models", "sim:novice,sim:expert", "--reports-dir", join(work, "runs")], {
    cwd: work,
  });
  expect(r.code, r.stderr).toBe(0);
  const runs = join(work, "runs");
  runDir = join(runs, readdirSync(runs).find((d) => d.startsWith("run_")) as string);
}, 60_000);

describe("terminal spoofing (finding 3)", () => {
  it("an item's type holding \\r, \\n, ESC[2K and U+202E is printed escaped, on its own line", async () => {
    const r = await runCli(["eval-static", "--dataset", spoofed, "--models", "sim:novice", "--n-boot", "20", "--reports-dir", join(work, "r-spoof")], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain("\\r\\x1b[2K\\u{202e}owned\\nfake line");
    expect(r.stdout).not.toMatch(/^fake line/m);
  });
  it("replay --dry-run shows an exec: model hidden behind \\r and ESC[2K, escaped, and refuses it", async () => {
    const dir = tamper("run-spoof", (r) => {
      r.config.models = ["sim:novice", `exec:sh -c evil${spoof}`];
    });
    const r = await runCli(["replay", dir, "--dry-run"], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toMatch(/refused without --trust-models:\n {4}exec:sh -c evil\\r\\x1b\[2K\\u\{202e\}owned\\nfake line/);
  });
  it("an error message carrying data stays one line", async () => {
    const r = await runCli(["eval-static", "--dataset", carb, "--models", `sim:novice?x${ESC}]0;title=1`, "--reports-dir", join(work, "r-err")], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("tampered run dirs and unbounded asks (finding 7)", () => {
  const ROWS: { name: string; argv: () => string[]; stderr: RegExp }[] = [
    {
      name: "dataset_hashes naming /dev/zero",
      argv: () => [
        "replay",
        tamper("run-devzero", (r) => {
          (r.provenance.dataset_hashes as Record<string, string>)["/dev/zero"] = "0".repeat(64);
        }),
      ],
      stderr: /"\/dev\/zero" as a dataset, which is not a regular file/,
    },
    {
      name: "a slice whose hash the provenance does not record",
      argv: () => [
        "replay",
        tamper("run-unhashed", (r) => {
          (r.config.slices as Record<string, string>).other = carb2;
        }),
      ],
      stderr: /whose sha256 its provenance does not record/,
    },
    {
      name: "a run dir asking for n_seeds 1e9",
      argv: () => [
        "replay",
        tamper("run-seeds", (r) => {
          r.config.n_seeds = 1e9;
        }),
      ],
      stderr: /field "n_seeds": at most 10000/,
    },
    { name: "--budget 1e15", argv: () => ["harness", "--slice", `carb=${carb}`, "--budget", "1000000000000000", "--models", "sim:novice"], stderr: /budget must be an integer from 1 to 1000000/ },
    { name: "--n-seeds 1e9", argv: () => ["harness", "--slice", `carb=${carb}`, "--n-seeds", "1000000000", "--models", "sim:novice"], stderr: /n-seeds must be an integer from 1 to 10000/ },
    {
      name: "calibrate --difficulty coarse",
      argv: () => ["calibrate", "--slice", `carb=${carb}`, "--difficulty", "coarse", "--models", "sim:novice"],
      stderr: /--difficulty must be one of design, structure, got 'coarse'/,
    },
    {
      name: "trained:nb-small?train=1e8&vocab=1e8",
      argv: () => ["eval-static", "--dataset", carb, "--models", "trained:nb-small?train=100000000&vocab=100000000", "--no-cache"],
      stderr: /vocab must be an integer from 1 to 200000, got 100000000/,
    },
    { name: "--dataset /dev/zero", argv: () => ["eval-static", "--dataset", "/dev/zero", "--models", "sim:novice"], stderr: /\/dev\/zero.*is not a regular file/ },
  ];
  for (const row of ROWS) {
    it(`${row.name}: exit 2 naming the field, before any work`, async () => {
      const r = await runCli(
        [...row.argv(), "--reports-dir", join(work, "r-limits")].filter((a, i, all) => !(all[0] === "replay" && (a === "--reports-dir" || all[i - 1] === "--reports-dir"))),
        { cwd: work },
      );
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(row.stderr);
      expect(r.stderr.trim().split("\n").at(-1)).not.toMatch(/internal error/);
    });
  }
  it("gguf: on a FIFO is refused, never opened", async () => {
    const fifo = join(work, "model.gguf");
    execFileSync("mkfifo", [fifo]);
    const r = await runCli(["eval-static", "--dataset", carb, "--models", `gguf:${fifo}`, "--reports-dir", join(work, "r-fifo")], { cwd: work });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/model\.gguf.*is not a regular file/);
  });
});
