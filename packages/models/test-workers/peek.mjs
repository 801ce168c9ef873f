// Test worker: answers 1 when the request shows it the gold label or the held-out structure id, else 0.
import { createInterface } from "node:readline";
console.log(JSON.stringify({ ready: true }));
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  const leaked = "y" in req.item || "structure_id" in req.item || /"y"\s*:/.test(JSON.stringify(req.item));
  console.log(JSON.stringify({ id: req.id, answer: leaked ? 1 : 0 }));
});
