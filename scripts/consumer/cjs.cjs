const { kmeans } = require("@fib/clustering");
const { createRng, clopperPearson } = require("@fib/stats");
const { textKey } = require("@fib/schemas");
const big = Float64Array.from({ length: 300000 * 4 }, (_, i) => (i % 7) + Math.floor(i / 400000));
const r = kmeans({ rows: 300000, cols: 4, data: big }, { k: 3, seed: 0 }); // large enough for worker threads
console.log("cjs kmeans", r.k, r.iterations > 0, createRng(1).float() < 1, clopperPearson(3, 10).lo.toFixed(4), textKey("B a A"));
