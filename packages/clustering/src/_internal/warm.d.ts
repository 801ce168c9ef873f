import type { assignKernel, candidateKernel, dotsJs, elkanKernel, inertiaKernel, normsKernel, sqdistJs } from "./kernels.js";

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
