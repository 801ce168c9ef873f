import { defineConfig } from "vitest/config";

// Tests run against source: the "@fib/source" export condition points each workspace
// package at its src/index.ts, so no build is needed before `pnpm test`.
const conditions = ["@fib/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@fib/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
