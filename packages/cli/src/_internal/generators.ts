import { createDefaultGeneratorRegistry, type Generator, loadGenerator } from "@fib/induce";

/**
 * `--generator NAME | PATH | PACKAGE`: a built-in generator's name, or a module loaded by
 * @fib/induce's `loadGenerator` (a file, a package directory, or a package name resolved from
 * the working directory; see docs/plugins.md).
 */
export async function generatorOption(value: string, cwd: string): Promise<{ generator: string; generators?: Generator[] }> {
  const registry = createDefaultGeneratorRegistry();
  if (registry.names().includes(value)) return { generator: value };
  const g = await loadGenerator(value, { cwd, registry });
  return { generator: g.name, generators: [g] };
}
