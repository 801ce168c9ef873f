import { Writable } from "node:stream";
import type { CommandIO } from "./command.js";
import { main } from "../main.js";

/** Run the CLI in-process with captured output (for tests). */
export async function runCli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const io: Omit<CommandIO, "argv"> = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout: out, stderr: err };
}
