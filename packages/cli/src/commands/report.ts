import { relative } from "node:path";
import { defineCommand } from "../_internal/command.js";
import { writeHtmlReport } from "../_internal/html.js";
import { userPath } from "../_internal/paths.js";
import { str } from "../_internal/values.js";

export default defineCommand({
  name: "report",
  summary: "Render a run directory's reports into one self-contained HTML page (inline SVG charts, no network).",
  positionals: [{ name: "RUN_DIR", description: "a run directory", required: true }],
  options: { out: { type: "string", value: "FILE", description: "where to write it (default RUN_DIR/report.html)" } },
  async run(v, pos, io) {
    const out = str(v, "out");
    const path = writeHtmlReport(userPath(io.cwd, pos[0] as string), out ? userPath(io.cwd, out) : undefined);
    io.stdout.write(`wrote ${relative(io.cwd, path) || path}\n`);
    return 0;
  },
});
