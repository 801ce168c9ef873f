export { type BuildCarbFileResult, buildCarbFile, type OnProgress, type ProgressEvent } from "./buildCarbFile.js";
