import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Debian's python3 with scikit-learn, scipy and threadpoolctl, or null. */
export function pythonPeer(): string | null {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) return null;
  try {
    execFileSync(py, ["-c", "import sklearn, scipy, numpy, threadpoolctl"], { stdio: "ignore" });
    return py;
  } catch {
    return null;
  }
}

/** The peer, with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for this one command only. */
export function runPeer(py: string, bench: string, dir: string, repeats: number): Record<string, unknown> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync(py, [join(import.meta.dirname, "python/peer.py"), bench, dir, String(repeats)], { env, encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out);
}

/** fib's side in a fresh process (JS timings swing between processes: each round is one). */
export function runFibSide(bench: string, dir: string, repeats: number): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["--conditions=@fib/source", "--import", "tsx", join(import.meta.dirname, "side.ts"), bench, dir, String(repeats)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    cwd: join(import.meta.dirname, ".."),
  });
  return JSON.parse(out);
}

export function fmtS(s: number): string {
  return s < 0.001 ? `${(s * 1e6).toFixed(0)} µs` : s < 0.01 ? `${(s * 1e3).toFixed(2)} ms` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`;
}

export function ratioLine(name: string, fib: number, peer: number | undefined, target: number | null): string {
  if (peer === undefined) return `  ${name}: fib ${fmtS(fib)} (no Python peer installed: ratio not measured)`;
  const r = fib / peer;
  const verdict = target === null ? "" : `  (target ≤ ${target}: ${r <= target ? "met" : "NOT met"})`;
  return `  ${name}: fib ${fmtS(fib)}  peer ${fmtS(peer)}  ratio ${r.toFixed(2)}${verdict}`;
}
