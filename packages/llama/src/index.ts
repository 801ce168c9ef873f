export { encodeGguf, type GgufHeader, type GgufScalarType, type GgufTensor, type GgufTensorInfo, type GgufValue, readGgufHeader, writeGguf } from "./gguf.js";
export { defaultThreads, type GgufConfig, type GgufFileInfo, ggufFileInfo, ggufPredictor, NODE_LLAMA_CPP_VERSION, ONE_THREAD_BELOW, oversubscribed } from "./ggufPredictor.js";
export { ggufKind, zooKind } from "./kinds.js";
export { ggufFromManifest, type LlamaShape, type LlamaVocabulary, llamaMetadata, llamaTensorShapes, randomLlamaGguf, type ZooManifest } from "./llamaFile.js";
export { ZOO_NAMES, ZOO_PROMPT, ZOO_SPECIALISTS, zooDir, zooModelPath, zooModels } from "./zoo.js";
