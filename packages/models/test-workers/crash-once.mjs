// Test worker: crashes on its first request the first time it runs (marker file in argv[2]), then answers.
import { existsSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
const marker = process.argv[2];
console.log(JSON.stringify({ ready: true }));
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  if (!existsSync(marker)) {
    writeFileSync(marker, "crashed");
    process.exit(3);
  }
  // the answer key is never sent: answer from the item's id (a fixed, checkable rule)
  const a = req.item.id.length % 2;
  console.log(JSON.stringify({ id: req.id, answer: a, p_yes: a ? 0.9 : 0.1 }));
});
