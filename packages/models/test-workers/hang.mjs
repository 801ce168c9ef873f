// Test worker: ready, then never answers (it says so on stderr once, when the first request arrives).
import { createInterface } from "node:readline";
console.log(JSON.stringify({ ready: true }));
let told = false;
createInterface({ input: process.stdin }).on("line", () => {
  if (!told) process.stderr.write("got a request, never answering\n");
  told = true;
});
