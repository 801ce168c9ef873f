import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "./testing.js";

const root = resolve(import.meta.dirname, "../../../..");

/** One line of the README's tour: the command as written, and the argv a test runs. */
export interface TourLine {
  text: string;
  argv: string[];
}

/**
 * The README's tour, read from the README itself (so the test runs what a newcomer reads): every
 * `pnpm fib …` line of the "A short tour" block, comment cut, split into words (quotes kept
 * together), and every `echo '…' > FILE` line as a file to write.
 */
export function readTour(): { commands: TourLine[]; files: Record<string, string> } {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /## A short tour\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no tour block");
  const commands: TourLine[] = [];
  const files: Record<string, string> = {};
  for (const raw of block.split("\n")) {
    const echo = /^echo '(.*)' > (\S+)$/.exec(raw.trim());
    if (echo) files[echo[2] as string] = `${echo[1]}\n`;
    const text = raw.replace(/\s+#.*$/, "").trim();
    if (!text.startsWith("pnpm fib ")) continue;
    const argv = (text.slice("pnpm fib ".length).match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ""));
    commands.push({ text, argv });
  }
  return { commands, files };
}

/**
 * A fresh working directory as a newcomer's checkout would have it: the committed static data and
 * the committed example run (what the tour's replay line reads), nothing else.
 */
export function tourWorkdir(): string {
  const work = mkdtempSync(join(tmpdir(), "fib-tour-"));
  mkdirSync(join(work, "data/reports"), { recursive: true });
  cpSync(join(root, "data/static"), join(work, "data/static"), { recursive: true });
  cpSync(join(root, "data/reports/example_initial_h1"), join(work, "data/reports/example_initial_h1"), { recursive: true });
  return work;
}

/** Sizes a test may shrink ("on small inputs where needed"); every other word is run as written. */
export type Shrink = Record<string, string>;

/** Run one tour line in `cwd`: `run_…` becomes `runDir`, and the flags in `shrink` take smaller values. */
export async function runTourLine(line: TourLine, cwd: string, opts: { shrink?: Shrink; extra?: string[]; runDir?: string; env?: NodeJS.ProcessEnv } = {}) {
  const argv = line.argv.map((w, i) => {
    if (w.includes("run_…")) return opts.runDir ?? w;
    const prev = line.argv[i - 1];
    return prev !== undefined && opts.shrink?.[prev] !== undefined ? (opts.shrink[prev] as string) : w;
  });
  argv.push(...(opts.extra ?? []));
  return { argv, ...(await runCli(argv, { cwd, env: opts.env ?? {} })) };
}

export function writeTourFiles(files: Record<string, string>, cwd: string): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
}

/** The newest run dir of a command under data/reports. */
export function latestRun(cwd: string, command: string): string {
  const runs = readdirSync(join(cwd, "data/reports"))
    .filter((d) => d.startsWith("run_") && d.includes(`_${command}_`))
    .sort();
  return join("data/reports", runs.at(-1) as string);
}

/** The tour line whose command is `name` (the first word). */
export function tourLine(commands: TourLine[], name: string): TourLine {
  const l = commands.find((c) => c.argv[0] === name);
  if (!l) throw new Error(`the README's tour has no ${name} line`);
  return l;
}
