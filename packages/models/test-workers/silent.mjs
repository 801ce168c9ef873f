// Test worker: ready, answers only items whose id ends in "0", ignores the rest.
import { createInterface } from "node:readline";
console.log(JSON.stringify({ ready: true }));
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  if (req.id.endsWith("0")) console.log(JSON.stringify({ id: req.id, answer: "yes" }));
});
