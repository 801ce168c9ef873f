import type { CommandIO } from "./command.js";

/**
 * Progress on stderr (results go to stdout): on a terminal, one line redrawn in place; elsewhere
 * (CI logs, pipes), a plain line at most every 5 seconds, so long work shows it is alive without
 * flooding a log.
 */
export function progressReporter(io: CommandIO, opts: { everyMs?: number } = {}): { update(stage: string, done: number, total: number): void; done(): void } {
  const tty = io.stderr.isTTY === true;
  const every = tty ? 100 : (opts.everyMs ?? 5000);
  let last = tty ? 0 : Date.now();
  let shown = false;
  return {
    update(stage, done, total) {
      const now = Date.now();
      if (now - last < every && (tty ? done < total : true)) return;
      last = now;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      if (tty) {
        shown = true;
        io.stderr.write(`\r\x1b[2K${stage}: ${done}/${total} (${pct}%)`);
      } else io.stderr.write(`${stage}: ${done}/${total} (${pct}%)\n`);
    },
    done() {
      if (tty && shown) io.stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
