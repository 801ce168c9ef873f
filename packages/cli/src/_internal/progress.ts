import type { CommandIO } from "./command.js";

/**
 * A progress line on stderr, redrawn in place, only when stderr is a terminal (so logs
 * and pipes stay clean). Results go to stdout.
 */
export function progressReporter(io: CommandIO): { update(stage: string, done: number, total: number): void; done(): void } {
  const tty = io.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(stage, done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      io.stderr.write(`\r\x1b[2K${stage}: ${done}/${total} (${pct}%)`);
    },
    done() {
      if (tty && shown) io.stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
