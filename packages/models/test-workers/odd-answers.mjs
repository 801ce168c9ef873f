// Test worker: ready, then answers with shapes that are not answers ([1], true, 2, {}), and one huge error.
import { createInterface } from "node:readline";
console.log(JSON.stringify({ ready: true }));
const odd = [[1], true, 2, {}];
let n = 0;
createInterface({ input: process.stdin }).on("line", (line) => {
  const { id } = JSON.parse(line);
  const i = n++;
  if (i === 4) console.log(JSON.stringify({ id, answer: null, error: "x".repeat(20_000_000) }));
  else console.log(JSON.stringify({ id, answer: odd[i % odd.length] }));
});
