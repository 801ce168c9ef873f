#!/usr/bin/env node
import { main } from "./main.js";

// Ctrl-C (SIGINT) or SIGTERM: the first asks every command to stop at its next step (evaluation
// yields between batches; seeds, rounds, replications and discovery stages check between them),
// which ends the run "interrupted" (run_finished in its event log) with exit 130, or 143 after
// SIGTERM; a second signal exits at once.
const controller = new AbortController();
let stopSignal: "SIGINT" | "SIGTERM" | null = null;
const EXIT_ON = { SIGINT: 130, SIGTERM: 143 } as const;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopSignal) process.exit(EXIT_ON[sig]);
    stopSignal = sig;
    process.stderr.write(`\nfib: stopping at the next step (${sig === "SIGINT" ? "Ctrl-C" : "SIGTERM"}; again to quit now)\n`);
    controller.abort();
  });
}
// a command that never returns — a predictor module that called process.exit(0), or a promise that
// never settles (Node would exit 0 or 13, silently) — is a runtime failure: exit 3, said in one line
let returned = false;
process.on("exit", (c) => {
  if (returned || c === EXIT_ON.SIGINT || c === EXIT_ON.SIGTERM) return;
  process.stderr.write("fib: the process ended before the command finished (a model or plugin called process.exit, or never answered): the run is incomplete\n");
  process.exitCode = 3;
});
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
returned = true;
process.exitCode = code === EXIT_ON.SIGINT && stopSignal === "SIGTERM" ? EXIT_ON.SIGTERM : code;
