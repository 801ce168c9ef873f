;; Pairwise Euclidean distances for the silhouette (chooseK's fixed sample), in WebAssembly SIMD
;; (f64x2). Compiled by scripts/build-wasm.mjs into pdistWasm.ts (base64); `pnpm lint` checks the two
;; agree. The two lanes are two *pairs* of rows, never two columns of one pair: each distance is
;; √Σ_j (x_p,j − x_q,j)² summed over j in column order, exactly as the JavaScript loop in
;; silhouette.ts sums it, so the distances are identical, only faster.
(module
  (import "env" "mem" (memory 1 65536))
  ;; out[p][q] = lane 0, out[p][q + 1] = lane 1 (both rows exist)
  (func $put (param $out i32) (param $rowb i32) (param $p i32) (param $q i32) (param $r v128)
    (v128.store align=8 (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (local.get $rowb)) (i32.shl (local.get $q) (i32.const 3)))) (local.get $r))
)
  ;; x: m rows of d doubles (row-major); xb: the same rows two at a time, column-interleaved (block b
  ;; holds rows 2b and 2b + 1 as x[2b,0] x[2b+1,0] x[2b,1] x[2b+1,1] …; a missing last row is zeros);
  ;; out: m × m, row p's entries right of the diagonal, for the rows p of [p0, p1) (`mirror` fills the
  ;; rest; the diagonal is left as it is: 0). Byte offsets.
  (func (export "pdist") (param $x i32) (param $xb i32) (param $m i32) (param $d i32) (param $out i32) (param $p0 i32) (param $p1 i32)
    (local $p i32) (local $q i32) (local $j i32) (local $xp i32) (local $bq i32) (local $s v128)
    (local $v v128) (local $s2 v128) (local $v2 v128) (local $a v128) (local $ss f64) (local $t f64) (local $db i32) (local $rowb i32) (local $r f64)
    (local.set $db (i32.shl (local.get $d) (i32.const 4)))
    (local.set $rowb (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $p0))
    (block $done_p
      (loop $lp
        (br_if $done_p (i32.ge_u (local.get $p) (local.get $p1)))
        (local.set $xp (i32.add (local.get $x) (i32.mul (local.get $p) (i32.shl (local.get $d) (i32.const 3)))))
        (local.set $q (i32.add (local.get $p) (i32.const 1)))
        ;; an odd q first, alone, so that the pairs start at a block
        (if (i32.and (i32.lt_u (local.get $q) (local.get $m)) (i32.and (local.get $q) (i32.const 1)))
          (then
            (local.set $ss (f64.const 0))
            (local.set $j (i32.const 0))
            (block $done_j1
              (loop $j1
                (br_if $done_j1 (i32.ge_u (local.get $j) (local.get $d)))
                (local.set $t
                  (f64.sub
                    (f64.load (i32.add (local.get $xp) (i32.shl (local.get $j) (i32.const 3))))
                    (f64.load (i32.add (i32.add (local.get $x) (i32.mul (local.get $q) (i32.shl (local.get $d) (i32.const 3)))) (i32.shl (local.get $j) (i32.const 3))))))
                (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $t) (local.get $t))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $j1)))
            (local.set $r (f64.sqrt (local.get $ss)))
            (f64.store (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (local.get $rowb)) (i32.shl (local.get $q) (i32.const 3)))) (local.get $r))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))))
;; four q at a time while they last: blocks q / 2 and q / 2 + 1, two independent sums (their
        ;; additions overlap instead of waiting on each other)
        (block $done_q4
          (loop $lq4
            (br_if $done_q4 (i32.gt_u (i32.add (local.get $q) (i32.const 4)) (local.get $m)))
            (local.set $bq (i32.add (local.get $xb) (i32.mul (i32.shr_u (local.get $q) (i32.const 1)) (local.get $db))))
            (local.set $s (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $j (i32.const 0))
            (block $done_j4
              (loop $lj4
                (br_if $done_j4 (i32.ge_u (local.get $j) (local.get $d)))
                (local.set $a (f64x2.splat (f64.load (i32.add (local.get $xp) (i32.shl (local.get $j) (i32.const 3))))))
                (local.set $v (f64x2.sub (local.get $a) (v128.load align=8 (i32.add (local.get $bq) (i32.shl (local.get $j) (i32.const 4))))))
                (local.set $v2 (f64x2.sub (local.get $a) (v128.load align=8 (i32.add (i32.add (local.get $bq) (local.get $db)) (i32.shl (local.get $j) (i32.const 4))))))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v) (local.get $v))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $v2) (local.get $v2))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $lj4)))
            (call $put (local.get $out) (local.get $rowb) (local.get $p) (local.get $q) (f64x2.sqrt (local.get $s)))
            (call $put (local.get $out) (local.get $rowb) (local.get $p) (i32.add (local.get $q) (i32.const 2)) (f64x2.sqrt (local.get $s2)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $lq4)))
        ;; then two q at a time: rows q and q + 1 of block q / 2
        (block $done_q
          (loop $lq
            (br_if $done_q (i32.ge_u (local.get $q) (local.get $m)))
            (local.set $bq (i32.add (local.get $xb) (i32.mul (i32.shr_u (local.get $q) (i32.const 1)) (local.get $db))))
            (local.set $s (v128.const f64x2 0 0))
            (local.set $j (i32.const 0))
            (block $done_j
              (loop $lj
                (br_if $done_j (i32.ge_u (local.get $j) (local.get $d)))
                (local.set $v
                  (f64x2.sub
                    (f64x2.splat (f64.load (i32.add (local.get $xp) (i32.shl (local.get $j) (i32.const 3)))))
                    (v128.load align=8 (i32.add (local.get $bq) (i32.shl (local.get $j) (i32.const 4))))))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v) (local.get $v))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $lj)))
            (local.set $s (f64x2.sqrt (local.get $s)))
            (local.set $r (f64x2.extract_lane 0 (local.get $s)))
            (f64.store (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (local.get $rowb)) (i32.shl (local.get $q) (i32.const 3)))) (local.get $r))
            ;; the second lane only where row q + 1 exists
            (if (i32.lt_u (i32.add (local.get $q) (i32.const 1)) (local.get $m))
              (then
                (local.set $r (f64x2.extract_lane 1 (local.get $s)))
                (f64.store (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (local.get $rowb)) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 3)))) (local.get $r))))
            (local.set $q (i32.add (local.get $q) (i32.const 2)))
            (br $lq)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $lp))))

  ;; out[q][p] = out[p][q] for every p < q < m, a 32 × 32 tile at a time (a column written one element a
  ;; row at a time touches a new page for every element)
  (func (export "mirror") (param $out i32) (param $m i32)
    (local $bi i32) (local $bj i32) (local $p i32) (local $q i32) (local $pe i32) (local $qe i32) (local $rowb i32)
    (local.set $rowb (i32.shl (local.get $m) (i32.const 3)))
    (local.set $bi (i32.const 0))
    (block $done_bi
      (loop $lbi
        (br_if $done_bi (i32.ge_u (local.get $bi) (local.get $m)))
        (local.set $pe (select (local.get $m) (i32.add (local.get $bi) (i32.const 32)) (i32.gt_u (i32.add (local.get $bi) (i32.const 32)) (local.get $m))))
        (local.set $bj (local.get $bi))
        (block $done_bj
          (loop $lbj
            (br_if $done_bj (i32.ge_u (local.get $bj) (local.get $m)))
            (local.set $qe (select (local.get $m) (i32.add (local.get $bj) (i32.const 32)) (i32.gt_u (i32.add (local.get $bj) (i32.const 32)) (local.get $m))))
            (local.set $p (local.get $bi))
            (block $done_p
              (loop $lp
                (br_if $done_p (i32.ge_u (local.get $p) (local.get $pe)))
                (local.set $q (select (i32.add (local.get $p) (i32.const 1)) (local.get $bj) (i32.gt_u (i32.add (local.get $p) (i32.const 1)) (local.get $bj))))
                (block $done_q
                  (loop $lq
                    (br_if $done_q (i32.ge_u (local.get $q) (local.get $qe)))
                    (f64.store
                      (i32.add (local.get $out) (i32.add (i32.mul (local.get $q) (local.get $rowb)) (i32.shl (local.get $p) (i32.const 3))))
                      (f64.load (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (local.get $rowb)) (i32.shl (local.get $q) (i32.const 3))))))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $lq)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $lp)))
            (local.set $bj (i32.add (local.get $bj) (i32.const 32)))
            (br $lbj)))
        (local.set $bi (i32.add (local.get $bi) (i32.const 32)))
        (br $lbi)))))
