/** See rowKernels.js. */
export declare function sqdistJs(x: Float64Array, xo: number, c: Float64Array, co: number, d: number): number;

/** See rowKernels.js. */
export declare function dotsJs(x: Float64Array, scratch: Int32Array, p0: number, mb: number, cen: Float64Array, k: number, d: number, out: Float64Array, oo: number): void;
