// module: predictor whose predict never settles (and holds nothing open): Node would exit silently.
export default {
  id: "never",
  describe: () => ({ id: "never", kind: "module" }),
  predict: () => new Promise(() => {}),
};
