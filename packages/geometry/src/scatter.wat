;; The scatter matrix of pca2d, in WebAssembly SIMD (f64x2). Compiled by scripts/build-wasm.mjs into
;; scatterWasm.ts (base64); `pnpm lint` checks the two agree. The two lanes are two entries (a, b) and
;; (a, b + 1) of the upper triangle, never two rows: each entry adds its products row after row, with
;; the same roundings as the JavaScript loop in pca2d.ts, so the matrix is identical, only faster.
(module
  (import "env" "mem" (memory 1 65536))
  ;; For each of the n rows of x (d doubles each): row = x_i − mean, then acc[a][b] += row[a] · row[b]
  ;; for every b ≥ a (a row with row[a] = 0 adds nothing to row a of acc, as in JavaScript). acc is
  ;; d × d; row is d doubles of scratch. Byte offsets.
  (func (export "scatter") (param $x i32) (param $n i32) (param $d i32) (param $mean i32) (param $row i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $a i32) (local $b i32) (local $db i32) (local $xi i32)
    (local $va f64) (local $vv v128) (local $o i32) (local $last i32)
    (local.set $db (i32.shl (local.get $d) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $done_i
      (loop $li
        (br_if $done_i (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $xi (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $db))))
        (local.set $j (i32.const 0))
        (block $done_j
          (loop $lj
            (br_if $done_j (i32.ge_u (local.get $j) (local.get $db)))
            (f64.store (i32.add (local.get $row) (local.get $j))
              (f64.sub (f64.load (i32.add (local.get $xi) (local.get $j))) (f64.load (i32.add (local.get $mean) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $lj)))
        (local.set $a (i32.const 0))
        (block $done_a
          (loop $la
            (br_if $done_a (i32.ge_u (local.get $a) (local.get $db)))
            (local.set $va (f64.load (i32.add (local.get $row) (local.get $a))))
            (if (f64.ne (local.get $va) (f64.const 0))
              (then
                (local.set $vv (f64x2.splat (local.get $va)))
                ;; o: acc[a][0] in bytes; b runs over [a, d) in bytes, two entries at a time
                (local.set $o (i32.add (local.get $acc) (i32.mul (i32.shr_u (local.get $a) (i32.const 3)) (local.get $db))))
                (local.set $b (local.get $a))
                (local.set $last (i32.sub (local.get $db) (i32.const 8)))
                (block $done_b
                  (loop $lb
                    (br_if $done_b (i32.ge_s (local.get $b) (local.get $last)))
                    (v128.store align=8 (i32.add (local.get $o) (local.get $b))
                      (f64x2.add
                        (v128.load align=8 (i32.add (local.get $o) (local.get $b)))
                        (f64x2.mul (local.get $vv) (v128.load align=8 (i32.add (local.get $row) (local.get $b))))))
                    (local.set $b (i32.add (local.get $b) (i32.const 16)))
                    (br $lb)))
                (if (i32.eq (local.get $b) (local.get $last))
                  (then
                    (f64.store (i32.add (local.get $o) (local.get $b))
                      (f64.add
                        (f64.load (i32.add (local.get $o) (local.get $b)))
                        (f64.mul (local.get $va) (f64.load (i32.add (local.get $row) (local.get $b))))))))))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (br $la)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $li)))))
