import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FibError } from "./errors.js";

/** What kind of plugin is being loaded, for messages ("generator", "predictor"). */
export type PluginKind = "generator" | "predictor";

/** True when this process runs fib from its TypeScript source (`--conditions=@fib/source`). */
const fromSource = () => process.execArgv.some((a) => a.includes("@fib/source")) || (process.env.NODE_OPTIONS ?? "").includes("@fib/source");

/**
 * A plugin package directory's entry file: its `exports["."]` import (or default) target, else
 * `module` / `main`. Only a workspace plugin run with fib from source may point at its own
 * `@fib/source` entry; that condition is never applied to anything the plugin imports, which
 * resolves as published (built JavaScript, one copy per package).
 */
function packageEntry(dir: string, kind: PluginKind): string {
  let pkg: { main?: string; module?: string; exports?: unknown };
  try {
    pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  } catch (e) {
    throw new FibError("UNKNOWN_PLUGIN", `${kind} package has no readable package.json (${(e as Error).message})`, { file: dir, field: kind, cause: e });
  }
  const root = (pkg.exports as Record<string, unknown> | undefined)?.["."] ?? pkg.exports;
  const cond = root && typeof root === "object" ? (root as Record<string, unknown>) : {};
  const pick = (v: unknown): string | undefined => (typeof v === "string" ? v : v && typeof v === "object" ? pick((v as Record<string, unknown>).default) : undefined);
  const candidates = [fromSource() ? pick(cond["@fib/source"]) : undefined, pick(cond.import), pick(cond.default), typeof root === "string" ? root : undefined, pkg.module, pkg.main];
  for (const c of candidates) if (c && existsSync(join(dir, c))) return join(dir, c);
  throw new FibError("UNKNOWN_PLUGIN", `${kind} package has no entry file that exists: build it (npm run build) so its package.json "exports" or "main" points at JavaScript`, {
    file: dir,
    field: kind,
  });
}

/**
 * Import a plugin module by specifier: a file (`./gen.mjs`), a package directory (`./my-gen`), or
 * a package name resolved from `cwd` (`@me/my-gen`). Only built JavaScript is loaded: a `.ts` file
 * is refused with how to build it (the installed CLI has no TypeScript loader). Every failure is an
 * UNKNOWN_PLUGIN FibError (exit 2) naming the file. `typescript` (default: only when fib itself runs
 * from source) allows `.ts` files.
 */
export async function importPlugin(specifier: string, opts: { cwd?: string; kind: PluginKind; typescript?: boolean }): Promise<{ file: string; module: Record<string, unknown> }> {
  const cwd = opts.cwd ?? process.cwd();
  // TypeScript loads only where a loader is known to be present (fib run from its source)
  const typescript = opts.typescript ?? fromSource();
  const kind = opts.kind;
  let file: string;
  const asPath = resolve(cwd, specifier);
  if (specifier.startsWith(".") || specifier.startsWith("/") || existsSync(asPath)) {
    if (!existsSync(asPath)) throw new FibError("UNKNOWN_PLUGIN", `no such ${kind} module`, { file: asPath, field: kind });
    file = statSync(asPath).isDirectory() ? packageEntry(asPath, kind) : asPath;
  } else {
    try {
      file = packageEntry(dirname(createRequire(join(cwd, "package.json")).resolve(`${specifier}/package.json`)), kind);
    } catch (e) {
      if (e instanceof FibError) throw e;
      throw new FibError("UNKNOWN_PLUGIN", `unknown ${kind} "${specifier}": not a file, a package directory, or a package installed where fib runs (${cwd})`, { field: kind, cause: e });
    }
  }
  if (/\.(c|m)?tsx?$/.test(file) && !typescript) {
    throw new FibError(
      "UNKNOWN_PLUGIN",
      `fib loads built JavaScript (.js, .mjs, .cjs), not TypeScript: build the ${kind} first (e.g. tsc or tsup to dist/index.js) and point fib at that file or at the package`,
      {
        file,
        field: kind,
      },
    );
  }
  try {
    return { file, module: (await import(pathToFileURL(file).href)) as Record<string, unknown> };
  } catch (e) {
    const why =
      (e as { code?: string }).code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? `fib loads built JavaScript (.js, .mjs, .cjs): build the ${kind} first`
        : `it threw while loading: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
    throw new FibError("UNKNOWN_PLUGIN", `cannot load the ${kind} module: ${why}`, { file, field: kind, cause: e });
  }
}
