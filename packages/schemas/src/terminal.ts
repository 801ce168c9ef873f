/**
 * Text from outside (a dataset field, a spec in a run dir, a worker's stderr, a server's reply)
 * made safe to print: control characters, bidirectional overrides and invisible format
 * characters shown as visible escapes, so data can neither move the cursor, clear a line, set a
 * window title, nor reorder or hide what is around it (a spoofed `exec:` hidden in a plan).
 */

// built from code points so the source holds none of them
const range = (a: number, b: number) => `${String.fromCharCode(a)}-${String.fromCharCode(b)}`;
const ch = (c: number) => String.fromCharCode(c);
/** C0 controls, DEL, C1 controls, and the format characters that reorder or hide text. */
const UNSAFE_CHARS = `${range(0, 31)}${range(127, 159)}${ch(0x061c)}${range(0x200b, 0x200f)}${range(0x2028, 0x202e)}${range(0x2060, 0x2069)}${ch(0xfeff)}`;
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`, "g");
/** the same, but keeping newlines and tabs (fib's own multi-line output) */
const UNSAFE_KEEP_LINES = new RegExp(`[${range(0, 8)}${range(11, 31)}${range(127, 159)}${ch(0x061c)}${range(0x200b, 0x200f)}${range(0x2028, 0x202e)}${range(0x2060, 0x2069)}${ch(0xfeff)}]`, "g");

const escapeChar = (c: string) => {
  const n = c.charCodeAt(0);
  if (n === 10) return "\\n";
  if (n === 13) return "\\r";
  if (n === 9) return "\\t";
  return n < 256 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u{${n.toString(16)}}`;
};

/** One value from outside, safe on one line: every control and format character escaped (newlines too). */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** fib's own text, which may hold data: newlines and tabs kept, every other control or format character escaped. */
export function terminalSafeLines(s: string): string {
  return s.replace(UNSAFE_KEEP_LINES, escapeChar);
}
