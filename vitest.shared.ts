import { configDefaults, defineConfig } from "vitest/config";

const slow = process.env.FIB_SLOW_TESTS === "1";

// Tests run against source: the "@fib/source" export condition points each workspace
// package at its src/index.ts, so no build is needed before `pnpm test`.
const conditions = ["@fib/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@fib/source"] } },
  test: {
    // `*.slow.test.ts` (a file over 30 s on a busy machine: the end-to-end demo, the longest
    // statistical suites) run only in `pnpm test:slow`, CI's own step; `pnpm test` runs the rest
    include: slow ? ["src/**/*.slow.test.ts"] : ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: slow ? [...configDefaults.exclude] : [...configDefaults.exclude, "**/*.slow.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
