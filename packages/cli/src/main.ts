import { createRequire } from "node:module";
import { ERROR_CODES, type FibErrorKind, isFibError, scrubSecrets, secretValuesFromEnv, terminalSafe, terminalSafeLines } from "@fib/schemas";
import { REDRAW } from "./_internal/progress.js";
import { type Command, type CommandIO, helpText, parseCommandArgs } from "./_internal/command.js";

/** Commands load lazily: `fib --help` does not import the numeric packages. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  batch: { summary: "export OpenAI Batch requests / import batch results as eval records", load: () => import("./commands/batch.js") },
  "build-carb": { summary: "generate a CARB dataset as JSONL", load: () => import("./commands/buildCarb.js") },
  calibrate: { summary: "H1's false-positive rate and power at a harness configuration (simulated populations)", load: () => import("./commands/calibrate.js") },
  compare: { summary: "static vs failure-induced at equal budget (one seed)", load: () => import("./commands/compare.js") },
  demo: { summary: "the whole loop in one command, ending in an HTML report and the H1/H2/H3 verdicts", load: () => import("./commands/demo.js") },
  discover: { summary: "cluster a run's failures into failure modes; H2 numbers", load: () => import("./commands/discover.js") },
  "eval-static": { summary: "evaluate models on a fixed dataset (accuracy, separation S, CIs)", load: () => import("./commands/evalStatic.js") },
  harness: { summary: "multi-seed budget-matched harness; with --induce, the H1 test", load: () => import("./commands/harness.js") },
  iterate: { summary: "iterated failure feedback with convergence diagnostics (H3)", load: () => import("./commands/iterate.js") },
  irt: { summary: "item response theory over a run: difficulty, discrimination, abilities, information; select anchor items", load: () => import("./commands/irt.js") },
  models: { summary: "list predictor kinds, or resolve models and check their servers", load: () => import("./commands/models.js") },
  replay: { summary: "re-run a run from its provenance and check every number", load: () => import("./commands/replay.js") },
  report: { summary: "render a run dir's reports as one HTML page", load: () => import("./commands/report.js") },
  preregister: { summary: "write a hash-locked pre-registration", load: () => import("./commands/preregister.js") },
};

/** The one place where error kinds become exit codes. */
export const EXIT_CODES: Record<FibErrorKind | "ok", number> = { ok: 0, threshold: 1, usage: 2, input: 2, runtime: 3, interrupted: 130 };

function version(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

function topHelp(): string {
  const w = Object.keys(COMMANDS).reduce((m, k) => Math.max(m, k.length), 0) + 2;
  return [
    "fib — failure-induced benchmarks: turn a model's failures into its next benchmark",
    "",
    "Usage: fib <command> [options]     fib <command> --help",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(w)}${c.summary}`),
    "",
    "Exit codes: 0 ok, 1 a hypothesis or threshold asked for was not met, 2 usage or input error, 3 runtime failure, 130 interrupted (Ctrl-C).",
    "",
  ].join("\n");
}

/**
 * Every byte fib prints goes through this guard: known secret values scrubbed (the process's one
 * secret set, which grows as models read their keys), and every control or format character —
 * carriage returns, ESC sequences, bidi overrides — shown as a visible escape; only newlines and
 * tabs pass. fib's own progress line redraws itself through `REDRAW`, the one path allowed to
 * send `\r` and a line clear.
 */
function guarded<S extends NodeJS.WritableStream & { isTTY?: boolean }>(stream: S, secrets: readonly string[]): S {
  const clean = (text: string) => terminalSafeLines(scrubSecrets(text, secrets));
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === "write") {
        return (chunk: unknown, ...more: unknown[]) => (target.write as (...a: unknown[]) => boolean).call(target, typeof chunk === "string" ? clean(chunk) : chunk, ...more);
      }
      if (prop === REDRAW) return (line: string) => target.write(`\r\x1b[2K${terminalSafe(scrubSecrets(line, secrets))}`);
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** Run the CLI; returns the exit code. Never throws. Everything it prints has secret values scrubbed. */
export async function main(argv: string[], rawIo: Omit<CommandIO, "argv">): Promise<number> {
  const secrets = secretValuesFromEnv(rawIo.env);
  const io = { ...rawIo, stdout: guarded(rawIo.stdout, secrets), stderr: guarded(rawIo.stderr, secrets) };
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(topHelp());
      return name === undefined ? EXIT_CODES.usage : 0;
    }
    if (name === "--version" || name === "-v") {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) {
      io.stderr.write(`fib: unknown command '${terminalSafe(name)}' (see 'fib --help')\n`);
      return EXIT_CODES.usage;
    }
    const command = (await entry.load()).default;
    const { values, positionals, help } = parseCommandArgs(command, rest);
    if (help) {
      io.stdout.write(helpText(command));
      return 0;
    }
    // the parser filled every default and checked every flag against the definitions run() is typed from
    return await command.run(values as Parameters<typeof command.run>[0], positionals, { ...io, argv: [...argv] });
  } catch (e) {
    if (isFibError(e)) {
      io.stderr.write(`fib${name ? ` ${terminalSafe(name)}` : ""}: ${terminalSafe(e.message)}\n`);
      return EXIT_CODES[ERROR_CODES[e.code].kind];
    }
    const err = e as Error;
    io.stderr.write(
      `fib${name ? ` ${terminalSafe(name)}` : ""}: internal error (a bug in fib — please report it with the output of the same command run with FIB_DEBUG=1): ${terminalSafe(err?.message ?? String(e))}\n`,
    );
    if (io.env.FIB_DEBUG) io.stderr.write(`${err?.stack ?? ""}\n`);
    return EXIT_CODES.runtime;
  }
}
