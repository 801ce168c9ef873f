// prepack: the zoo's GGUF files and cards live in the repository's data/models; the package ships a copy in models/.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(pkg, "../../data/models");
const dst = join(pkg, "models");
rmSync(dst, { recursive: true, force: true });
mkdirSync(dst);
if (existsSync(src)) for (const f of readdirSync(src)) if (/^zoo-.*\.(gguf|md|eval\.json)$/.test(f)) cpSync(join(src, f), join(dst, f));
