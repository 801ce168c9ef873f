// Test worker: ready, then exits as soon as the first request arrives (while fib is still writing).
import { createInterface } from "node:readline";
console.log(JSON.stringify({ ready: true }));
createInterface({ input: process.stdin }).once("line", () => process.exit(0));
