// module: predictor that ends the process with exit code 0 in the middle of a run.
export default {
  id: "quitter",
  describe: () => ({ id: "quitter", kind: "module" }),
  predict: () => process.exit(0),
};
