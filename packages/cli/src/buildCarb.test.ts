import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readItems } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

const dir = mkdtempSync(join(tmpdir(), "fib-cli-"));
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

describe("fib build-carb", () => {
  it("same seed twice gives the same sha256; every line validates; four types; balanced labels", async () => {
    const a = await runCli(["build-carb", "--n", "2000", "--seed", "42", "--output", "a.jsonl"], { cwd: dir });
    const b = await runCli(["build-carb", "--n", "2000", "--seed", "42", "--out", "b.jsonl"], { cwd: dir });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(sha(join(dir, "a.jsonl"))).toBe(sha(join(dir, "b.jsonl")));
    expect(a.stdout).toContain(`sha256 ${sha(join(dir, "a.jsonl"))}`);
    const items = await readItems(join(dir, "a.jsonl"));
    expect(items).toHaveLength(2000);
    expect(new Set(items.map((i) => i.type)).size).toBe(4);
    const share = items.filter((i) => i.y === 1).length / items.length;
    expect(share).toBeGreaterThanOrEqual(0.45);
    expect(share).toBeLessThanOrEqual(0.55);
  });

  it.each([
    [["--n", "-3"], /--n must be at least 1, got -3/],
    [["--depth", "9..2"], /--depth range 9\.\.2 is empty/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--n", "ten"], /--n must be an integer/],
    [["--types", "nope=1"], /unknown type 'nope'/],
    [["--depth", "1..40"], /depth.*outside 1\.\.12/],
  ])("%j → exit 2, one line, no file", async (args, pattern) => {
    const out = join(dir, "bad.jsonl");
    const r = await runCli(["build-carb", ...args, "--output", out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it("--help documents every flag; --version prints the version", async () => {
    const h = await runCli(["build-carb", "--help"]);
    expect(h.code).toBe(0);
    for (const f of ["--n", "--seed", "--output", "--types", "--depth", "--distractors", "--operators", "--label-balance"]) expect(h.stdout).toContain(f);
    const v = await runCli(["--version"]);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("terminal control sequences from input are printed escaped, never interpreted", async () => {
    const r = await runCli(["\u001b[2J\u001b]0;pwned\u0007"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command '\\x1b[2J\\x1b]0;pwned\\x07'");
    expect(r.stderr.includes(String.fromCharCode(27))).toBe(false);
  });
  it("--output is the old name of --out: both spellings work, both at once is a usage error", async () => {
    const r = await runCli(["build-carb", "--n", "5", "--out", "x.jsonl", "--output", "y.jsonl"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--output is the old name of --out/);
  });
  it("an unknown command is a usage error", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});
