import type { CommandIO } from "./command.js";

/** The guarded stderr's one path for redrawing the progress line (`\r`, a line clear, the line made safe). */
export const REDRAW: unique symbol = Symbol("fib.redraw");
type Redrawable = { [REDRAW]?: (line: string) => void };

/**
 * Progress on stderr (results go to stdout): on a terminal, one line redrawn in place; elsewhere
 * (CI logs, pipes), a plain line at most every 5 seconds, so long work shows it is alive without
 * flooding a log.
 */
export function progressReporter(io: CommandIO, opts: { everyMs?: number } = {}): { update(stage: string, done: number, total: number, expected?: number): void; done(): void } {
  const tty = io.stderr.isTTY === true;
  const every = tty ? 100 : (opts.everyMs ?? 5000);
  let last = tty ? 0 : Date.now();
  let shown = false;
  const redraw = (line: string) => {
    const r = (io.stderr as Redrawable)[REDRAW];
    if (r) r(line);
    else io.stderr.write(`\r\x1b[2K${line}`);
  };
  // an estimate of the time left, from this stage's pace so far (a stage restarts when its name changes or its count goes back)
  let stageName = "";
  let stageStart = Date.now();
  let stageDone = 0;
  const eta = (done: number, total: number, now: number): string => {
    const elapsed = now - stageStart;
    if (done <= 0 || done >= total || elapsed < 2000) return "";
    const left = (elapsed / done) * (total - done);
    const s = Math.round(left / 1000);
    return `, about ${s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`} left`;
  };
  return {
    update(stage, done, total, expected) {
      const now = Date.now();
      if (stage !== stageName || done < stageDone) {
        stageName = stage;
        stageStart = now;
      }
      stageDone = done;
      if (now - last < every && (tty ? done < total : true)) return;
      last = now;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      // a stage that can stop early (a calibration population once its interval is decided): the ETA runs to where it will likely stop
      const likely = expected !== undefined && expected < total && expected >= done ? expected : null;
      const line = `${stage}: ${done}/${total} (${pct}%${likely !== null ? `; likely decided at ${likely}` : ""}${eta(done, likely ?? total, now)})`;
      if (tty) {
        shown = true;
        redraw(line);
      } else io.stderr.write(`${line}\n`);
    },
    done() {
      if (tty && shown) redraw("");
      shown = false;
    },
  };
}
