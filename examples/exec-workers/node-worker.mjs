#!/usr/bin/env node
// An example fib exec worker (see docs/models.md, "exec: workers"). It speaks JSONL:
// it prints one ready line, then answers each request line {id, prompt, item} with
// {id, answer, p_yes?}. It ends when its stdin closes. Replace `answer()` with a call to
// your own model. This one is a shallow heuristic: it says "no" when the question negates.
//
//   pnpm fib eval-static --models "exec:node examples/exec-workers/node-worker.mjs"
import { createInterface } from "node:readline";

function answer(prompt) {
  const question =
    prompt
      .split(/(?<=[.?])\s+/)
      .filter((s) => s.includes("?"))
      .at(-1) ?? prompt;
  const negated = /\b(not|no|never)\b|n't\b/i.test(question);
  return { answer: negated ? 0 : 1, p_yes: negated ? 0.3 : 0.7 };
}

process.stdout.write(`${JSON.stringify({ ready: true, model: "node-keyword-worker" })}\n`);
const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (!line.trim()) return;
  let req;
  try {
    req = JSON.parse(line);
  } catch {
    return;
  }
  try {
    process.stdout.write(`${JSON.stringify({ id: req.id, ...answer(req.prompt) })}\n`);
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ id: req.id, answer: null, error: String(e) })}\n`);
  }
});
rl.on("close", () => process.exit(0));
