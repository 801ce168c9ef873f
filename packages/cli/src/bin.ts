#!/usr/bin/env node
import { main } from "./main.js";

// Ctrl-C: the first asks every command to stop at its next step (evaluation yields between
// batches; seeds, rounds and replications check between them), which ends the run "interrupted"
// with exit 130; a second one exits at once.
const controller = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write("\nfib: stopping at the next step (Ctrl-C again to quit now)\n");
  controller.abort();
});
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
