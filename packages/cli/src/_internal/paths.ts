import { isAbsolute, relative, resolve } from "node:path";

/**
 * A path the user gave, resolved against the command's cwd and expressed relative to the
 * process's cwd when it lies below it — so reports and pre-registrations record
 * `data/static/x.jsonl`, not a machine-specific absolute path, and stay replayable elsewhere.
 */
export function userPath(cwd: string, p: string): string {
  const abs = resolve(cwd, p);
  const rel = relative(process.cwd(), abs);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
}
