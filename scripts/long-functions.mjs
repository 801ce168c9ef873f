// Lists the functions over 60 lines in the packages' sources (tests and *.fixture.ts test data aside), longest first: the
// house rule (issue 22) is none outside the kernels. `node scripts/long-functions.mjs [limit]`.
import ts from "typescript";
import fs from "node:fs";
import { execSync } from "node:child_process";
const files = execSync("git ls-files 'packages/*/src/**/*.ts' 'packages/*/src/*.ts'", { encoding: "utf8" })
  .trim()
  .split("\n")
  .filter((f) => !f.includes(".test.") && !f.includes("__tests__") && !f.endsWith(".fixture.ts"));
const LIMIT = Number(process.argv[2] ?? 60);
const out = [];
for (const f of files) {
  const src = fs.readFileSync(f, "utf8");
  const sf = ts.createSourceFile(f, src, ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    if (ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line,
        b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      const name = n.name?.getText?.() ?? (ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : "<anon>");
      if (b - a + 1 > LIMIT) out.push([b - a + 1, f + ":" + (a + 1), name]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
out.sort((x, y) => y[0] - x[0]);
for (const o of out) console.log(o.join("\t"));
