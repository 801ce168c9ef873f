import type { assignKernel, candidateKernel, elkanKernel, inertiaKernel, normsKernel } from "./kernels.js";
import type { dotsJs, sqdistJs } from "./rowKernels.js";

/** See warm.js. */
export declare function warmKernels(
  dj: typeof dotsJs,
  assign: typeof assignKernel,
  candidates: typeof candidateKernel,
  elkan: typeof elkanKernel,
  norms: typeof normsKernel,
  inertia: typeof inertiaKernel,
  sqd: typeof sqdistJs,
  d: number,
): void;
