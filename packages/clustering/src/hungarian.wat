;; The row scan of Hungarian's augmenting row reduction, in WebAssembly SIMD. Compiled by
;; scripts/build-wasm.mjs into hungarianWasm.ts (base64); `pnpm lint` checks the two agree.
(module
  (import "env" "mem" (memory 1 65536))
  ;; The two smallest reduced costs h_j = row[j] − v[j] of one row, exactly as the sequential scan
  ;; in hungarian.ts finds them (u1 ≤ u2, first index on ties): four columns at a time are tested
  ;; against u2 with two f64x2 comparisons and skipped when none beats it (most do not); otherwise
  ;; those four are taken in order by the sequential rule. Writes u1, u2 (f64) and j1, j2 (i32) at out.
  (func (export "twomin") (param $row i32) (param $v i32) (param $nc i32) (param $out i32)
    (local $u1 f64) (local $u2 f64) (local $j1 i32) (local $j2 i32) (local $j i32) (local $t i32) (local $h f64)
    (local $h01 v128) (local $h23 v128) (local $lim i32) (local $o i32)
    (local.set $u1 (f64.const inf))
    (local.set $u2 (f64.const inf))
    (local.set $j1 (i32.const -1))
    (local.set $j2 (i32.const -1))
    (local.set $lim (i32.and (local.get $nc) (i32.const -4)))
    (local.set $j (i32.const 0))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $j) (local.get $lim)))
        (local.set $o (i32.shl (local.get $j) (i32.const 3)))
        (local.set $h01 (f64x2.sub (v128.load align=8 (i32.add (local.get $row) (local.get $o))) (v128.load align=8 (i32.add (local.get $v) (local.get $o)))))
        (local.set $h23 (f64x2.sub (v128.load offset=16 align=8 (i32.add (local.get $row) (local.get $o))) (v128.load offset=16 align=8 (i32.add (local.get $v) (local.get $o)))))
        (if (v128.any_true (v128.or
              (f64x2.lt (local.get $h01) (f64x2.splat (local.get $u2)))
              (f64x2.lt (local.get $h23) (f64x2.splat (local.get $u2)))))
          (then
            (local.set $t (i32.const 0))
            (block $done_t
              (loop $tl
                (br_if $done_t (i32.ge_u (local.get $t) (i32.const 4)))
                (local.set $h (f64.sub
                  (f64.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $t)) (i32.const 3))))
                  (f64.load (i32.add (local.get $v) (i32.shl (i32.add (local.get $j) (local.get $t)) (i32.const 3))))))
                (if (f64.lt (local.get $h) (local.get $u2))
                  (then
                    (if (f64.lt (local.get $h) (local.get $u1))
                      (then
                        (local.set $u2 (local.get $u1))
                        (local.set $j2 (local.get $j1))
                        (local.set $u1 (local.get $h))
                        (local.set $j1 (i32.add (local.get $j) (local.get $t))))
                      (else
                        (local.set $u2 (local.get $h))
                        (local.set $j2 (i32.add (local.get $j) (local.get $t)))))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $tl)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $four)))
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $nc)))
        (local.set $h (f64.sub
          (f64.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
          (f64.load (i32.add (local.get $v) (i32.shl (local.get $j) (i32.const 3))))))
        (if (f64.lt (local.get $h) (local.get $u2))
          (then
            (if (f64.lt (local.get $h) (local.get $u1))
              (then
                (local.set $u2 (local.get $u1))
                (local.set $j2 (local.get $j1))
                (local.set $u1 (local.get $h))
                (local.set $j1 (local.get $j)))
              (else
                (local.set $u2 (local.get $h))
                (local.set $j2 (local.get $j))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $one)))
    (f64.store (local.get $out) (local.get $u1))
    (f64.store offset=8 (local.get $out) (local.get $u2))
    (i32.store offset=16 (local.get $out) (local.get $j1))
    (i32.store offset=20 (local.get $out) (local.get $j2)))
)
