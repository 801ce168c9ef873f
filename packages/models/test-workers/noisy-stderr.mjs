// Test worker: writes terminal escapes and its environment's secret to stderr, and answers each
// request with the names of the environment variables it was given (in the error field).
import { createInterface } from "node:readline";
const esc = String.fromCharCode(27);
const bel = String.fromCharCode(7);
process.stderr.write(`${esc}]0;owned title${bel}${esc}[2J${esc}[Hcleared ${process.env.FIB_TEST_WORKER_KEY ?? "no-key"}\u202Eevil\n`);
console.log(JSON.stringify({ ready: true }));
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  console.log(JSON.stringify({ id: req.id, answer: null, error: Object.keys(process.env).sort().join(",") }));
});
