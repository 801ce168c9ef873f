import { parseArgs } from "node:util";
import { FibError } from "@fib/schemas";

export interface OptionSpec {
  type: "string" | "boolean";
  /** shown in --help */
  description: string;
  /** placeholder for the value in --help, e.g. "N" */
  value?: string;
  default?: string | boolean;
  multiple?: boolean;
  short?: string;
  /** an old spelling of another option, kept for one release: its value goes to that option */
  aliasOf?: string;
}

export interface CommandIO {
  /** the command line after "fib" (command name first), as recorded in provenance and replayed */
  argv: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
}

export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * The value an option has after parsing, from its definition: a boolean flag `boolean | undefined`,
 * a repeatable one `string[] | undefined`, one with a default `string` (the parser fills it in),
 * any other `string | undefined`.
 */
export type OptionValue<O> = O extends { type: "boolean" } ? boolean | undefined : O extends { multiple: true } ? string[] | undefined : O extends { default: string } ? string : string | undefined;

/** A command's parsed flag values, typed from its option definitions. */
export type ValuesOf<O> = { [K in keyof O]: OptionValue<O[K]> };

export interface Command<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  summary: string;
  /** extra lines after the option list: examples, notes */
  details?: string;
  options: O;
  positionals?: { name: string; description: string; required?: boolean }[];
  run(values: ValuesOf<O>, positionals: string[], io: CommandIO): Promise<number>;
}

/** Types a command definition: `run` receives its flags typed from `options` (a flag with a default is a string). */
export function defineCommand<const O extends Record<string, OptionSpec>>(c: Command<O>): Command {
  return c as unknown as Command;
}

export function helpText(c: Command): string {
  const pos = (c.positionals ?? []).map((p) => (p.required ? ` ${p.name}` : ` [${p.name}]`)).join("");
  const lines = [`fib ${c.name}${pos} [options]`, "", c.summary, ""];
  const rows: [string, string][] = [];
  for (const p of c.positionals ?? []) rows.push([`  ${p.name}`, p.description]);
  for (const [name, o] of Object.entries(c.options)) {
    const flag = `  ${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    const def = o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : "";
    rows.push([flag, `${o.description}${o.multiple ? " (repeatable)" : ""}${def}`]);
  }
  rows.push(["  -h, --help", "show this help"]);
  const w = rows.reduce((m, [f]) => Math.max(m, f.length), 0) + 2;
  lines.push("Options:", ...rows.map(([f, d]) => f.padEnd(w) + d));
  if (c.details) lines.push("", c.details);
  return `${lines.join("\n")}\n`;
}

/**
 * Parse argv for a command. Unknown flags, missing values and stray arguments are
 * USAGE errors with one line naming the flag. `--flag -3` is read as a value, so that
 * the command (not the parser) says what is wrong with a negative number.
 */
export function parseCommandArgs(c: Command, argv: string[]): { values: Values; positionals: string[]; help: boolean } {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith("--") ? a.slice(2) : "";
    if (c.options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [name, o] of Object.entries(c.options)) {
    options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: (c.positionals ?? []).length > 0 });
    const help = values.help === true;
    delete values.help;
    for (const [name, o] of Object.entries(c.options)) {
      if (o.aliasOf && values[name] !== undefined) {
        if (values[o.aliasOf] !== undefined) throw new FibError("USAGE", `--${name} is the old name of --${o.aliasOf}: give one of them`);
        values[o.aliasOf] = values[name];
        delete values[name];
      }
    }
    for (const [name, o] of Object.entries(c.options)) {
      if (o.aliasOf) continue;
      if (values[name] === undefined && o.default !== undefined) values[name] = o.default;
    }
    const maxPos = (c.positionals ?? []).length;
    if (!help && positionals.length > maxPos) throw new FibError("USAGE", `unexpected argument '${positionals[maxPos]}'`);
    const missing = (c.positionals ?? []).find((p, i) => p.required && positionals[i] === undefined);
    if (!help && missing) throw new FibError("USAGE", `missing ${missing.name}`);
    return { values: values as Values, positionals, help };
  } catch (e) {
    if (e instanceof FibError) throw e;
    const first = String((e as Error).message).split("\n")[0];
    throw new FibError("USAGE", `${first} (see 'fib ${c.name} --help')`, { cause: e });
  }
}
