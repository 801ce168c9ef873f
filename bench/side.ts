/** fib's side of one benchmark, in its own process: prints JSON. Usage: side.ts NAME DIR REPEATS */
import { BENCHES } from "./_registry.js";

const [name, dir, repeats] = process.argv.slice(2);
const bench = BENCHES[name as string];
if (!bench || !dir) {
  console.error("usage: side.ts NAME DIR REPEATS");
  process.exit(2);
}
process.stdout.write(JSON.stringify(await bench.fib(dir, Number(repeats ?? bench.repeats))));
process.exit(0);
