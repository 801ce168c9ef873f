// Test worker: ready, then dies on any request.
import { createInterface } from "node:readline";
console.log(JSON.stringify({ ready: true }));
createInterface({ input: process.stdin }).on("line", () => process.exit(7));
