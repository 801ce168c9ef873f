;; Sparse × dense products for the randomized SVD, in WebAssembly SIMD (f64x2). Compiled by
;; scripts/build-wasm.mjs into spmmWasm.ts (base64); `pnpm lint` checks the two agree. Each output
;; entry is accumulated over the nonzeros in the same order, with the same roundings, as the
;; JavaScript loop in truncatedSvd.ts: the results are identical, only faster.
(module
  (import "env" "mem" (memory 1 65536))
  ;; tr = 0: out[i] += v · z[col] for each nonzero (i, col, v) of the CSR matrix (out = A·z);
  ;; tr = 1: out[col] += v · z[i] (out = Aᵀ·z). Rows of z and out are l doubles; byte offsets.
  (func (export "spmm") (param $rows i32) (param $indptr i32) (param $indices i32) (param $data i32) (param $z i32) (param $l i32) (param $out i32) (param $tr i32)
    (local $i i32) (local $k i32) (local $kend i32) (local $vs f64) (local $v v128)
    (local $o i32) (local $zo i32) (local $j i32) (local $lb i32) (local $even i32) (local $col i32)
    (local.set $lb (i32.shl (local.get $l) (i32.const 3)))
    (local.set $even (i32.shl (i32.shr_u (local.get $l) (i32.const 1)) (i32.const 4)))
    (local.set $i (i32.const 0))
    (block $done_rows
      (loop $rows_l
        (br_if $done_rows (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $k (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $kend (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2)))))
        (block $done_nz
          (loop $nz
            (br_if $done_nz (i32.ge_s (local.get $k) (local.get $kend)))
            (local.set $vs (f64.load (i32.add (local.get $data) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $v (f64x2.splat (local.get $vs)))
            (local.set $col (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))))
            (if (local.get $tr)
              (then
                (local.set $o (i32.add (local.get $out) (i32.mul (local.get $col) (local.get $lb))))
                (local.set $zo (i32.add (local.get $z) (i32.mul (local.get $i) (local.get $lb)))))
              (else
                (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $lb))))
                (local.set $zo (i32.add (local.get $z) (i32.mul (local.get $col) (local.get $lb))))))
            (local.set $j (i32.const 0))
            (block $done_j
              (loop $jl
                (br_if $done_j (i32.ge_u (local.get $j) (local.get $even)))
                (v128.store align=8 (i32.add (local.get $o) (local.get $j))
                  (f64x2.add
                    (v128.load align=8 (i32.add (local.get $o) (local.get $j)))
                    (f64x2.mul (local.get $v) (v128.load align=8 (i32.add (local.get $zo) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $jl)))
            (if (i32.lt_u (local.get $even) (local.get $lb))
              (then
                (f64.store (i32.add (local.get $o) (local.get $even))
                  (f64.add
                    (f64.load (i32.add (local.get $o) (local.get $even)))
                    (f64.mul (local.get $vs) (f64.load (i32.add (local.get $zo) (local.get $even))))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $nz)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows_l)))))
