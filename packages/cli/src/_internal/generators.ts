import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createDefaultGeneratorRegistry, defineGenerator, type Generator } from "@fib/induce";
import { FibError } from "@fib/schemas";

const fromSource = process.execArgv.some((a) => a.includes("@fib/source")) || (process.env.NODE_OPTIONS ?? "").includes("@fib/source");

/** A package directory's entry: its source entry when fib runs from source, else its build. */
function packageEntry(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { main?: string; module?: string; exports?: unknown };
  const root = (pkg.exports as Record<string, unknown> | undefined)?.["."] ?? pkg.exports;
  const cond = root && typeof root === "object" ? (root as Record<string, string>) : {};
  const candidates = [
    fromSource ? cond["@fib/source"] : undefined,
    cond.import,
    cond.default,
    typeof root === "string" ? root : undefined,
    pkg.module,
    pkg.main,
    fromSource ? "src/index.ts" : undefined,
  ];
  for (const c of candidates) if (c && existsSync(join(dir, c))) return join(dir, c);
  throw new FibError("UNKNOWN_PLUGIN", "has no entry file that exists (build it, or run fib from source)", { file: dir });
}

/**
 * `--generator NAME | PATH | PACKAGE`: a built-in generator's name, or a module (a file, a
 * package directory, or a package name resolved from the working directory) whose default
 * export — or export named `generator` — is a Generator.
 */
export async function generatorOption(value: string, cwd: string): Promise<{ generator: string; generators?: Generator[] }> {
  if (createDefaultGeneratorRegistry().names().includes(value)) return { generator: value };
  let file: string;
  const asPath = resolve(cwd, value);
  if (value.startsWith(".") || value.startsWith("/") || existsSync(asPath)) {
    if (!existsSync(asPath)) throw new FibError("UNKNOWN_PLUGIN", "no such generator module", { file: asPath, field: "generator" });
    file = statSync(asPath).isDirectory() ? packageEntry(asPath) : asPath;
  } else {
    try {
      file = packageEntry(dirname(createRequire(join(cwd, "package.json")).resolve(`${value}/package.json`)));
    } catch (e) {
      if (e instanceof FibError) throw e;
      throw new FibError("UNKNOWN_PLUGIN", `unknown generator "${value}": not a built-in (${createDefaultGeneratorRegistry().names().join(", ")}), a file, or an installed package`, {
        field: "generator",
        cause: e,
      });
    }
  }
  let mod: { default?: unknown; generator?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown; generator?: unknown };
  } catch (e) {
    const why =
      (e as { code?: string }).code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? "fib loads built JavaScript (.js, .mjs, .cjs): build the plugin first"
        : `it threw while loading: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
    throw new FibError("UNKNOWN_PLUGIN", `cannot load the generator module: ${why}`, { file, field: "generator", cause: e });
  }
  const g = (mod.default ?? mod.generator) as Generator | undefined;
  if (!g) throw new FibError("UNKNOWN_PLUGIN", "exports no Generator (export it as default or as `generator`)", { file, field: "generator" });
  const checked = defineGenerator(g);
  return { generator: checked.name, generators: [checked] };
}
