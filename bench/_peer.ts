import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's python3 with scikit-learn, or null (the bench then reports fib's figures alone). */
export function pythonPeer(): string | null {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) return null;
  try {
    execFileSync(py, ["-c", "import sklearn, scipy, numpy"], { stdio: "ignore" });
    return py;
  } catch {
    return null;
  }
}

/** Run a peer script with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (for this one command only). */
export function runPeer(py: string, script: string, args: (string | number)[]): unknown {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync(py, [script, ...args.map(String)], { env, encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out);
}

export function ratioLine(name: string, fib: number, peer: number | null, target: number): string {
  if (peer === null) return `${name}: fib ${fmtS(fib)} (no scikit-learn peer installed: ratio not measured; target ≤ ${target})`;
  const r = fib / peer;
  return `${name}: fib ${fmtS(fib)} vs peer ${fmtS(peer)} → ratio ${r.toFixed(2)} (target ≤ ${target}) ${r <= target ? "MET" : "NOT MET"}`;
}

export function fmtS(s: number): string {
  return s < 0.01 ? `${(s * 1e3).toFixed(2)} ms` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`;
}
