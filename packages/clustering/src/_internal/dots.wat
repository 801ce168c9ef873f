;; The k-means kernels' arithmetic in WebAssembly SIMD (f64x2). Compiled by scripts/build-wasm.mjs
;; into dotsWasm.ts (base64); `pnpm lint` checks the two agree. See kernels.js for how they are used.
;; Every sum here is added in the same order, with the same roundings, as the JavaScript kernels
;; (a lane holds one centre, its products summed column by column), so the two give identical numbers.
(module
  (import "env" "mem" (memory 1 65536 shared))
  ;; the k dot products of the row at xa with the centres, stored transposed and padded as
  ;; cT[j·kp + c] (kp even, padding zero), into o[0 … k): eight centres at a time, then two
  (func $row (param $xa i32) (param $cT i32) (param $kp i32) (param $k i32) (param $d i32) (param $o i32)
    (local $cb i32) (local $j i32) (local $s v128) (local $w i32) (local $kb i32)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local.set $kb (i32.shl (local.get $kp) (i32.const 3)))
    (local.set $cb (i32.const 0))
    (block $done8
      (loop $eight
        (br_if $done8 (i32.gt_u (i32.add (local.get $cb) (i32.const 8)) (local.get $kp)))
        (local.set $p0 (v128.const i64x2 0 0)) (local.set $p1 (v128.const i64x2 0 0))
        (local.set $p2 (v128.const i64x2 0 0)) (local.set $p3 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $cT) (i32.shl (local.get $cb) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $dj
          (loop $jl
            (br_if $dj (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $s (f64x2.splat (f64.load (i32.add (local.get $xa) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (local.get $s) (v128.load align=8 (local.get $w)))))
            (local.set $p1 (f64x2.add (local.get $p1) (f64x2.mul (local.get $s) (v128.load offset=16 align=8 (local.get $w)))))
            (local.set $p2 (f64x2.add (local.get $p2) (f64x2.mul (local.get $s) (v128.load offset=32 align=8 (local.get $w)))))
            (local.set $p3 (f64x2.add (local.get $p3) (f64x2.mul (local.get $s) (v128.load offset=48 align=8 (local.get $w)))))
            (local.set $w (i32.add (local.get $w) (local.get $kb)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jl)))
        (call $put (local.get $o) (local.get $cb) (local.get $k) (local.get $p0))
        (call $put (local.get $o) (i32.add (local.get $cb) (i32.const 2)) (local.get $k) (local.get $p1))
        (call $put (local.get $o) (i32.add (local.get $cb) (i32.const 4)) (local.get $k) (local.get $p2))
        (call $put (local.get $o) (i32.add (local.get $cb) (i32.const 6)) (local.get $k) (local.get $p3))
        (local.set $cb (i32.add (local.get $cb) (i32.const 8)))
        (br $eight)))
    (block $done2
      (loop $two
        (br_if $done2 (i32.ge_u (local.get $cb) (local.get $kp)))
        (local.set $p0 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $cT) (i32.shl (local.get $cb) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $dj2
          (loop $jl2
            (br_if $dj2 (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $p0 (f64x2.add (local.get $p0)
              (f64x2.mul (f64x2.splat (f64.load (i32.add (local.get $xa) (i32.shl (local.get $j) (i32.const 3))))) (v128.load align=8 (local.get $w)))))
            (local.set $w (i32.add (local.get $w) (local.get $kb)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jl2)))
        (call $put (local.get $o) (local.get $cb) (local.get $k) (local.get $p0))
        (local.set $cb (i32.add (local.get $cb) (i32.const 2)))
        (br $two))))
  ;; o[c] = lane 0 and o[c + 1] = lane 1 of v, each only below k (the padding is not stored)
  (func $put (param $o i32) (param $c i32) (param $k i32) (param $v v128)
    (if (i32.lt_u (local.get $c) (local.get $k))
      (then (f64.store (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 3))) (f64x2.extract_lane 0 (local.get $v)))))
    (if (i32.lt_u (i32.add (local.get $c) (i32.const 1)) (local.get $k))
      (then (f64.store offset=8 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 3))) (f64x2.extract_lane 1 (local.get $v))))))
  ;; $row for two rows at once (xa, xb → oa, ob): the centres' loads are shared and eight sums run
  ;; side by side; each sum is still one lane added column by column
  (func $row2 (param $xa i32) (param $xb i32) (param $cT i32) (param $kp i32) (param $k i32) (param $d i32) (param $oa i32) (param $ob i32)
    (local $cb i32) (local $j i32) (local $sa v128) (local $sb v128) (local $w i32) (local $kb i32) (local $jb i32) (local $v v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $kb (i32.shl (local.get $kp) (i32.const 3)))
    (local.set $cb (i32.const 0))
    (block $done8
      (loop $eight
        (br_if $done8 (i32.gt_u (i32.add (local.get $cb) (i32.const 8)) (local.get $kp)))
        (local.set $p0 (v128.const i64x2 0 0)) (local.set $p1 (v128.const i64x2 0 0))
        (local.set $p2 (v128.const i64x2 0 0)) (local.set $p3 (v128.const i64x2 0 0))
        (local.set $q0 (v128.const i64x2 0 0)) (local.set $q1 (v128.const i64x2 0 0))
        (local.set $q2 (v128.const i64x2 0 0)) (local.set $q3 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $cT) (i32.shl (local.get $cb) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $dj
          (loop $jl
            (br_if $dj (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
            (local.set $sa (f64x2.splat (f64.load (i32.add (local.get $xa) (local.get $jb)))))
            (local.set $sb (f64x2.splat (f64.load (i32.add (local.get $xb) (local.get $jb)))))
            (local.set $v (v128.load align=8 (local.get $w)))
            (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (local.get $sa) (local.get $v))))
            (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $sb) (local.get $v))))
            (local.set $v (v128.load offset=16 align=8 (local.get $w)))
            (local.set $p1 (f64x2.add (local.get $p1) (f64x2.mul (local.get $sa) (local.get $v))))
            (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $sb) (local.get $v))))
            (local.set $v (v128.load offset=32 align=8 (local.get $w)))
            (local.set $p2 (f64x2.add (local.get $p2) (f64x2.mul (local.get $sa) (local.get $v))))
            (local.set $q2 (f64x2.add (local.get $q2) (f64x2.mul (local.get $sb) (local.get $v))))
            (local.set $v (v128.load offset=48 align=8 (local.get $w)))
            (local.set $p3 (f64x2.add (local.get $p3) (f64x2.mul (local.get $sa) (local.get $v))))
            (local.set $q3 (f64x2.add (local.get $q3) (f64x2.mul (local.get $sb) (local.get $v))))
            (local.set $w (i32.add (local.get $w) (local.get $kb)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jl)))
        (call $put (local.get $oa) (local.get $cb) (local.get $k) (local.get $p0))
        (call $put (local.get $oa) (i32.add (local.get $cb) (i32.const 2)) (local.get $k) (local.get $p1))
        (call $put (local.get $oa) (i32.add (local.get $cb) (i32.const 4)) (local.get $k) (local.get $p2))
        (call $put (local.get $oa) (i32.add (local.get $cb) (i32.const 6)) (local.get $k) (local.get $p3))
        (call $put (local.get $ob) (local.get $cb) (local.get $k) (local.get $q0))
        (call $put (local.get $ob) (i32.add (local.get $cb) (i32.const 2)) (local.get $k) (local.get $q1))
        (call $put (local.get $ob) (i32.add (local.get $cb) (i32.const 4)) (local.get $k) (local.get $q2))
        (call $put (local.get $ob) (i32.add (local.get $cb) (i32.const 6)) (local.get $k) (local.get $q3))
        (local.set $cb (i32.add (local.get $cb) (i32.const 8)))
        (br $eight)))
    ;; four centres (k-means++ with 2 + floor(ln k) = 4 candidates, or what eight left): four chains side by side
    (block $done4
      (loop $four
        (br_if $done4 (i32.gt_u (i32.add (local.get $cb) (i32.const 4)) (local.get $kp)))
        (local.set $p0 (v128.const i64x2 0 0)) (local.set $p1 (v128.const i64x2 0 0))
        (local.set $q0 (v128.const i64x2 0 0)) (local.set $q1 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $cT) (i32.shl (local.get $cb) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $dj4
          (loop $jl4
            (br_if $dj4 (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
            (local.set $sa (f64x2.splat (f64.load (i32.add (local.get $xa) (local.get $jb)))))
            (local.set $sb (f64x2.splat (f64.load (i32.add (local.get $xb) (local.get $jb)))))
            (local.set $v (v128.load align=8 (local.get $w)))
            (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (local.get $sa) (local.get $v))))
            (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $sb) (local.get $v))))
            (local.set $v (v128.load offset=16 align=8 (local.get $w)))
            (local.set $p1 (f64x2.add (local.get $p1) (f64x2.mul (local.get $sa) (local.get $v))))
            (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $sb) (local.get $v))))
            (local.set $w (i32.add (local.get $w) (local.get $kb)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jl4)))
        (call $put (local.get $oa) (local.get $cb) (local.get $k) (local.get $p0))
        (call $put (local.get $oa) (i32.add (local.get $cb) (i32.const 2)) (local.get $k) (local.get $p1))
        (call $put (local.get $ob) (local.get $cb) (local.get $k) (local.get $q0))
        (call $put (local.get $ob) (i32.add (local.get $cb) (i32.const 2)) (local.get $k) (local.get $q1))
        (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
        (br $four)))
    (block $done2
      (loop $two
        (br_if $done2 (i32.ge_u (local.get $cb) (local.get $kp)))
        (local.set $p0 (v128.const i64x2 0 0))
        (local.set $q0 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $cT) (i32.shl (local.get $cb) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $dj2
          (loop $jl2
            (br_if $dj2 (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
            (local.set $v (v128.load align=8 (local.get $w)))
            (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (f64x2.splat (f64.load (i32.add (local.get $xa) (local.get $jb)))) (local.get $v))))
            (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (f64x2.splat (f64.load (i32.add (local.get $xb) (local.get $jb)))) (local.get $v))))
            (local.set $w (i32.add (local.get $w) (local.get $kb)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jl2)))
        (call $put (local.get $oa) (local.get $cb) (local.get $k) (local.get $p0))
        (call $put (local.get $ob) (local.get $cb) (local.get $k) (local.get $q0))
        (local.set $cb (i32.add (local.get $cb) (i32.const 2)))
        (br $two))))
  ;; out[t·k + c] = x[idx[t]] · centre c, for t < m (rows of width d; the centres as in $row), two rows at a time
  (func (export "dots") (param $x i32) (param $idx i32) (param $m i32) (param $cT i32) (param $kp i32) (param $k i32) (param $d i32) (param $out i32)
    (local $t i32) (local $rb i32) (local $xa i32) (local $oa i32) (local $kb8 i32)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $kb8 (i32.shl (local.get $k) (i32.const 3)))
    (local.set $t (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (local.get $m)))
        (local.set $xa (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rb))))
        (local.set $oa (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $kb8))))
        (if (i32.lt_u (i32.add (local.get $t) (i32.const 1)) (local.get $m))
          (then
            (call $row2 (local.get $xa)
              (i32.add (local.get $x) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rb)))
              (local.get $cT) (local.get $kp) (local.get $k) (local.get $d)
              (local.get $oa) (i32.add (local.get $oa) (local.get $kb8))))
          (else
            (call $row (local.get $xa) (local.get $cT) (local.get $kp) (local.get $k) (local.get $d) (local.get $oa))))
        (local.set $t (i32.add (local.get $t) (i32.const 2)))
        (br $rows))))
  ;; sums[labels[i]] += x[i] for i = idx[t], t < m, in that order (a full scan's centre sums)
  (func (export "addrows") (param $x i32) (param $idx i32) (param $m i32) (param $labels i32) (param $sums i32) (param $d i32)
    (local $t i32) (local $i i32) (local $xa i32) (local $sa i32) (local $j i32) (local $rb i32) (local $even i32)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 4)))
    (local.set $t (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (local.get $m)))
        (local.set $i (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $sa (i32.add (local.get $sums) (i32.mul (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))) (local.get $rb))))
        (local.set $j (i32.const 0))
        (block $dj
          (loop $jl
            (br_if $dj (i32.ge_u (local.get $j) (local.get $even)))
            (v128.store align=8 (i32.add (local.get $sa) (local.get $j))
              (f64x2.add (v128.load align=8 (i32.add (local.get $sa) (local.get $j))) (v128.load align=8 (i32.add (local.get $xa) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $jl)))
        (if (i32.lt_u (local.get $even) (local.get $rb))
          (then
            (f64.store (i32.add (local.get $sa) (local.get $even))
              (f64.add (f64.load (i32.add (local.get $sa) (local.get $even))) (f64.load (i32.add (local.get $xa) (local.get $even)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows))))
;; four rows (xa + r·rb, r < 4) against exactly four centres (cT[j·4 + c]) into o + r·32: eight chains
  ;; side by side, each still one lane added column by column (the numbers of $row2)
  (func $row4k4 (param $xa i32) (param $rb i32) (param $cT i32) (param $d i32) (param $o i32)
    (local $j i32) (local $w i32) (local $v0 v128) (local $v1 v128) (local $s v128) (local $xj i32)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128) (local $c0 v128) (local $c1 v128) (local $e0 v128) (local $e1 v128)
    (local.set $w (local.get $cT))
    (block $dj
      (loop $jl
        (br_if $dj (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $v0 (v128.load align=8 (local.get $w)))
        (local.set $v1 (v128.load offset=16 align=8 (local.get $w)))
        (local.set $xj (i32.add (local.get $xa) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $s (f64x2.splat (f64.load (local.get $xj))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $xj (i32.add (local.get $xj) (local.get $rb)))
        (local.set $s (f64x2.splat (f64.load (local.get $xj))))
        (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $xj (i32.add (local.get $xj) (local.get $rb)))
        (local.set $s (f64x2.splat (f64.load (local.get $xj))))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $xj (i32.add (local.get $xj) (local.get $rb)))
        (local.set $s (f64x2.splat (f64.load (local.get $xj))))
        (local.set $e0 (f64x2.add (local.get $e0) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $e1 (f64x2.add (local.get $e1) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
    (v128.store align=8 (local.get $o) (local.get $a0))
    (v128.store offset=16 align=8 (local.get $o) (local.get $a1))
    (v128.store offset=32 align=8 (local.get $o) (local.get $b0))
    (v128.store offset=48 align=8 (local.get $o) (local.get $b1))
    (v128.store offset=64 align=8 (local.get $o) (local.get $c0))
    (v128.store offset=80 align=8 (local.get $o) (local.get $c1))
    (v128.store offset=96 align=8 (local.get $o) (local.get $e0))
    (v128.store offset=112 align=8 (local.get $o) (local.get $e1)))
  ;; k-means++ candidates, fused: for rows i in [i0, i1), the dot products with the candidates
  ;; (transposed as cT, trials of them padded to kp) into tmp, then for each candidate t:
  ;; dist = max(0, (xn[i] + candXn[t]) − 2·dot), stored as min(dist, closest[i]) at
  ;; candDist[i·trials + t] and added, in row order, to pots[t] — candidateKernel's loop, exactly.
  (func (export "candidates") (param $x i32) (param $xn i32) (param $i0 i32) (param $i1 i32) (param $cT i32) (param $kp i32) (param $candXn i32) (param $trials i32) (param $d i32) (param $closest i32) (param $candDist i32) (param $pots i32) (param $tmp i32)
    (local $i i32) (local $rb i32) (local $xa i32) (local $acc i32)
    ;; the potentials add up in this thread's own tmp block and are stored to pots at the end: pots
    ;; holds every thread's sums side by side, and adding there row after row made the threads fight
    ;; over one cache line (two threads were slower than one)
    (local.set $acc (i32.add (local.get $tmp) (i32.shl (local.get $trials) (i32.const 5))))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $trials) (i32.const 3)))
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $i (local.get $i0))
    (block $done_rows
      (loop $rows
        (br_if $done_rows (i32.ge_u (local.get $i) (local.get $i1)))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (if (i32.and (i32.eq (local.get $trials) (i32.const 4)) (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $i1)))
          (then
            ;; four candidates (k = 8 … 20): rows i … i + 3 together, then each through the scalar rule, in row order
            (call $row4k4 (local.get $xa) (local.get $rb) (local.get $cT) (local.get $d) (local.get $tmp))
            (call $settle (local.get $i) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc) (local.get $tmp))
            (call $settle (i32.add (local.get $i) (i32.const 1)) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc) (i32.add (local.get $tmp) (i32.const 32)))
            (call $settle (i32.add (local.get $i) (i32.const 2)) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc) (i32.add (local.get $tmp) (i32.const 64)))
            (call $settle (i32.add (local.get $i) (i32.const 3)) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc) (i32.add (local.get $tmp) (i32.const 96)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rows)))
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $i1))
          (then
            ;; rows i and i + 1 together, then each through the scalar rule, in row order
            (call $row2 (local.get $xa) (i32.add (local.get $xa) (local.get $rb)) (local.get $cT) (local.get $kp) (local.get $trials) (local.get $d)
              (local.get $tmp) (i32.add (local.get $tmp) (i32.shl (local.get $trials) (i32.const 3))))
            (call $settle (local.get $i) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc) (local.get $tmp))
            (call $settle (i32.add (local.get $i) (i32.const 1)) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc)
              (i32.add (local.get $tmp) (i32.shl (local.get $trials) (i32.const 3))))
            (local.set $i (i32.add (local.get $i) (i32.const 2))))
          (else
            (call $row (local.get $xa) (local.get $cT) (local.get $kp) (local.get $trials) (local.get $d) (local.get $tmp))
            (call $settle (local.get $i) (local.get $xn) (local.get $candXn) (local.get $trials) (local.get $closest) (local.get $candDist) (local.get $acc) (local.get $tmp))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (br $rows)))
    (memory.copy (local.get $pots) (local.get $acc) (i32.shl (local.get $trials) (i32.const 3))))
  ;; row i's candidate distances from its dot products at dots: min(max(0, (xn[i] + candXn[t]) − 2·dot),
  ;; closest[i]) to candDist[i·trials + t], added to pots[t]
  (func $settle (param $i i32) (param $xn i32) (param $candXn i32) (param $trials i32) (param $closest i32) (param $candDist i32) (param $pots i32) (param $dots i32)
    (local $t i32) (local $dx f64) (local $cl f64) (local $xni f64) (local $at i32)
    (local.set $xni (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $cl (f64.load (i32.add (local.get $closest) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $t (i32.const 0))
    (block $done_t
      (loop $tl
        (br_if $done_t (i32.ge_u (local.get $t) (local.get $trials)))
        (local.set $dx (f64.sub
          (f64.add (local.get $xni) (f64.load (i32.add (local.get $candXn) (i32.shl (local.get $t) (i32.const 3)))))
          (f64.mul (f64.const 2) (f64.load (i32.add (local.get $dots) (i32.shl (local.get $t) (i32.const 3)))))))
        (if (f64.lt (local.get $dx) (f64.const 0)) (then (local.set $dx (f64.const 0))))
        (if (f64.ge (local.get $dx) (local.get $cl)) (then (local.set $dx (local.get $cl))))
        (local.set $at (i32.shl (i32.add (i32.mul (local.get $i) (local.get $trials)) (local.get $t)) (i32.const 3)))
        (f64.store (i32.add (local.get $candDist) (local.get $at)) (local.get $dx))
        (local.set $at (i32.add (local.get $pots) (i32.shl (local.get $t) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $dx)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tl))))
;; One Hamerly pass over rows [i0, i1) (after a full scan), assignKernel's JavaScript loops fused:
;; each row's bounds follow the centres' last moves (upper += shift[label], lower −= shift[k]); a row
;; whose upper bound exceeds max(s[label], lower) gets its exact distance to its centre ($sqdist's
;; order) as its upper bound; if that still exceeds it, the row is scanned while it is in cache: two
;; such rows at a time through $row2 into tmp, then each, in row order, through $nearest (mode 1: a row
;; that changes centre moves between the sums). Returns the number of rows whose label changed.
  (func (export "hamerly") (param $x i32) (param $cen i32) (param $cT i32) (param $kp i32) (param $k i32) (param $d i32) (param $tmp i32)
    (param $cn i32) (param $xn i32) (param $labels i32) (param $upper i32) (param $lower i32) (param $s i32) (param $shift i32)
    (param $counts i32) (param $sums i32) (param $i0 i32) (param $i1 i32) (result i32)
    (local $i i32) (local $a i32) (local $rb i32) (local $ua i32) (local $la i32) (local $u f64) (local $l f64)
    (local $sa f64) (local $bound f64) (local $big f64) (local $pending i32) (local $tb i32) (local $changed i32)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $tb (i32.add (local.get $tmp) (i32.shl (local.get $k) (i32.const 3))))
    (local.set $big (f64.load (i32.add (local.get $shift) (i32.shl (local.get $k) (i32.const 3)))))
    (local.set $pending (i32.const -1))
    (local.set $i (local.get $i0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $i1)))
        (local.set $a (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $ua (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $la (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $u (f64.add (f64.load (local.get $ua)) (f64.load (i32.add (local.get $shift) (i32.shl (local.get $a) (i32.const 3))))))
        (local.set $l (f64.sub (f64.load (local.get $la)) (local.get $big)))
        (f64.store (local.get $ua) (local.get $u))
        (f64.store (local.get $la) (local.get $l))
        (local.set $sa (f64.load (i32.add (local.get $s) (i32.shl (local.get $a) (i32.const 3)))))
        (local.set $bound (select (local.get $sa) (local.get $l) (f64.gt (local.get $sa) (local.get $l))))
        (if (f64.gt (local.get $u) (local.get $bound))
          (then
            (local.set $u (f64.sqrt (call $sqdist
              (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb)))
              (i32.add (local.get $cen) (i32.mul (local.get $a) (local.get $rb))) (local.get $d))))
            (f64.store (local.get $ua) (local.get $u))
            (if (f64.gt (local.get $u) (local.get $bound))
              (then
                (if (i32.lt_s (local.get $pending) (i32.const 0))
                  (then (local.set $pending (local.get $i)))
                  (else
                    (call $row2 (i32.add (local.get $x) (i32.mul (local.get $pending) (local.get $rb))) (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb)))
                      (local.get $cT) (local.get $kp) (local.get $k) (local.get $d) (local.get $tmp) (local.get $tb))
                    (local.set $changed (i32.add (local.get $changed) (call $nearest (local.get $pending) (local.get $tmp) (local.get $x) (local.get $k) (local.get $d)
                      (local.get $cn) (local.get $xn) (local.get $labels) (local.get $upper) (local.get $lower) (local.get $counts) (local.get $sums) (i32.const 1))))
                    (local.set $changed (i32.add (local.get $changed) (call $nearest (local.get $i) (local.get $tb) (local.get $x) (local.get $k) (local.get $d)
                      (local.get $cn) (local.get $xn) (local.get $labels) (local.get $upper) (local.get $lower) (local.get $counts) (local.get $sums) (i32.const 1))))
                    (local.set $pending (i32.const -1))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (if (i32.ge_s (local.get $pending) (i32.const 0))
      (then
        (call $row (i32.add (local.get $x) (i32.mul (local.get $pending) (local.get $rb))) (local.get $cT) (local.get $kp) (local.get $k) (local.get $d) (local.get $tmp))
        (local.set $changed (i32.add (local.get $changed) (call $nearest (local.get $pending) (local.get $tmp) (local.get $x) (local.get $k) (local.get $d)
          (local.get $cn) (local.get $xn) (local.get $labels) (local.get $upper) (local.get $lower) (local.get $counts) (local.get $sums) (i32.const 1))))))
    (local.get $changed))
  ;; ‖x − c‖² of the d-wide rows at xa and ca in four f64x2 running sums: columns j ≡ 0–1, 2–3, 4–5,
  ;; 6–7 (mod 8) over the blocks of eight; past them, pairs into the first, a last odd column into its
  ;; lane 0; then (p0 + p1) + (p2 + p3), lane 0 + lane 1 (kernels.js's sqdistJs adds the same way)
  (func $sqdist (param $xa i32) (param $ca i32) (param $d i32) (result f64)
    (local $j i32) (local $rb i32) (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $e v128) (local $a i32) (local $c i32) (local $s f64)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (block $d8
      (loop $l8
        (br_if $d8 (i32.gt_u (i32.add (local.get $j) (i32.const 64)) (local.get $rb)))
        (local.set $a (i32.add (local.get $xa) (local.get $j)))
        (local.set $c (i32.add (local.get $ca) (local.get $j)))
        (local.set $e (f64x2.sub (v128.load align=8 (local.get $a)) (v128.load align=8 (local.get $c))))
        (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $e (f64x2.sub (v128.load offset=16 align=8 (local.get $a)) (v128.load offset=16 align=8 (local.get $c))))
        (local.set $p1 (f64x2.add (local.get $p1) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $e (f64x2.sub (v128.load offset=32 align=8 (local.get $a)) (v128.load offset=32 align=8 (local.get $c))))
        (local.set $p2 (f64x2.add (local.get $p2) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $e (f64x2.sub (v128.load offset=48 align=8 (local.get $a)) (v128.load offset=48 align=8 (local.get $c))))
        (local.set $p3 (f64x2.add (local.get $p3) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (br $l8)))
    (block $d2
      (loop $l2
        (br_if $d2 (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rb)))
        (local.set $e (f64x2.sub (v128.load align=8 (i32.add (local.get $xa) (local.get $j))) (v128.load align=8 (i32.add (local.get $ca) (local.get $j)))))
        (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (local.get $e) (local.get $e))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l2)))
    (if (i32.lt_u (local.get $j) (local.get $rb))
      (then
        (local.set $s (f64.sub (f64.load (i32.add (local.get $xa) (local.get $j))) (f64.load (i32.add (local.get $ca) (local.get $j)))))
        (local.set $p0 (f64x2.replace_lane 0 (local.get $p0) (f64.add (f64x2.extract_lane 0 (local.get $p0)) (f64.mul (local.get $s) (local.get $s)))))))
    (local.set $p0 (f64x2.add (f64x2.add (local.get $p0) (local.get $p1)) (f64x2.add (local.get $p2) (local.get $p3))))
    (f64.add (f64x2.extract_lane 0 (local.get $p0)) (f64x2.extract_lane 1 (local.get $p0))))
  ;; the full scan of the m rows listed at idx (Hamerly bounds, not Elkan's; mode 0 adds each row to its
  ;; centre's sum, mode 1 moves those that change): their dot products with every centre, two rows at
  ;; a time into tmp, then each row in list order through $nearest.
  ;; Returns the number of rows whose label changed.
  (func (export "scan") (param $x i32) (param $idx i32) (param $m i32) (param $cT i32) (param $kp i32) (param $k i32) (param $d i32) (param $tmp i32)
    (param $cn i32) (param $xn i32) (param $labels i32) (param $upper i32) (param $lower i32) (param $counts i32) (param $sums i32) (param $mode i32) (result i32)
    (local $t i32) (local $rb i32) (local $ia i32) (local $ib i32) (local $tb i32) (local $changed i32)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $tb (i32.add (local.get $tmp) (i32.shl (local.get $k) (i32.const 3))))
    (local.set $t (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (local.get $m)))
        (local.set $ia (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))))
        (if (i32.lt_u (i32.add (local.get $t) (i32.const 1)) (local.get $m))
          (then
            (local.set $ib (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))))
            (call $row2 (i32.add (local.get $x) (i32.mul (local.get $ia) (local.get $rb))) (i32.add (local.get $x) (i32.mul (local.get $ib) (local.get $rb)))
              (local.get $cT) (local.get $kp) (local.get $k) (local.get $d) (local.get $tmp) (local.get $tb))
            (local.set $changed (i32.add (local.get $changed) (call $nearest (local.get $ia) (local.get $tmp) (local.get $x) (local.get $k) (local.get $d)
              (local.get $cn) (local.get $xn) (local.get $labels) (local.get $upper) (local.get $lower) (local.get $counts) (local.get $sums) (local.get $mode))))
            (local.set $changed (i32.add (local.get $changed) (call $nearest (local.get $ib) (local.get $tb) (local.get $x) (local.get $k) (local.get $d)
              (local.get $cn) (local.get $xn) (local.get $labels) (local.get $upper) (local.get $lower) (local.get $counts) (local.get $sums) (local.get $mode))))
            (local.set $t (i32.add (local.get $t) (i32.const 2))))
          (else
            (call $row (i32.add (local.get $x) (i32.mul (local.get $ia) (local.get $rb))) (local.get $cT) (local.get $kp) (local.get $k) (local.get $d) (local.get $tmp))
            (local.set $changed (i32.add (local.get $changed) (call $nearest (local.get $ia) (local.get $tmp) (local.get $x) (local.get $k) (local.get $d)
              (local.get $cn) (local.get $xn) (local.get $labels) (local.get $upper) (local.get $lower) (local.get $counts) (local.get $sums) (local.get $mode))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))))
        (br $rows)))
    (local.get $changed))
  ;; row i's nearest centre from its dot products at o, as assignKernel's loop: the expanded distance
  ;; ‖c‖² − 2x·c of each centre in order, the smallest (ties: the lower index) and the second; the
  ;; label; bounds sqrt(max(0, ‖x‖² + best))·(1 + 1e-12) + 1e-12 and sqrt(max(0, ‖x‖² + second))·(1 − 1e-12) − 1e-12;
  ;; then the centre sums: mode 0 adds the row to its centre's, mode 1 moves it when the label changed.
  ;; Returns 1 when the label changed.
  (func $nearest (param $i i32) (param $o i32) (param $x i32) (param $k i32) (param $d i32) (param $cn i32) (param $xn i32)
    (param $labels i32) (param $upper i32) (param $lower i32) (param $counts i32) (param $sums i32) (param $mode i32) (result i32)
    (local $c i32) (local $dx f64) (local $b1 f64) (local $b2 f64) (local $best i32) (local $old i32) (local $la i32) (local $xni f64)
    (local $v f64) (local $rb i32) (local $xa i32) (local $pa i32) (local $qa i32) (local $j i32) (local $even i32) (local $ca i32) (local $lt i32)
    (local.set $b1 (f64.const inf))
    (local.set $b2 (f64.const inf))
    (local.set $c (i32.const 0))
    (block $done
      (loop $cl
        (br_if $done (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $dx (f64.sub (f64.load (i32.add (local.get $cn) (i32.shl (local.get $c) (i32.const 3))))
          (f64.mul (f64.const 2) (f64.load (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 3)))))))
        ;; without branches (the nearest centre is a coin flip for rows near a boundary): the JavaScript
        ;; if (dx < b1) {b2 = b1; b1 = dx; best = c} else if (dx < b2) b2 = dx, NaN included
        (local.set $lt (f64.lt (local.get $dx) (local.get $b1)))
        (local.set $b2 (select (local.get $b1) (select (local.get $dx) (local.get $b2) (f64.lt (local.get $dx) (local.get $b2))) (local.get $lt)))
        (local.set $b1 (select (local.get $dx) (local.get $b1) (local.get $lt)))
        (local.set $best (select (local.get $c) (local.get $best) (local.get $lt)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cl)))
    (local.set $la (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))))
    (local.set $old (i32.load (local.get $la)))
    (i32.store (local.get $la) (local.get $best))
    (local.set $xni (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $v (f64.add (local.get $xni) (local.get $b1)))
    (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3)))
      (f64.add (f64.mul (f64.sqrt (select (local.get $v) (f64.const 0) (f64.gt (local.get $v) (f64.const 0))))
        (f64.add (f64.const 1) (f64.const 1e-12))) (f64.const 1e-12)))
    (local.set $v (f64.add (local.get $xni) (local.get $b2)))
    (f64.store (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3)))
      (f64.sub (f64.mul (f64.sqrt (select (local.get $v) (f64.const 0) (f64.gt (local.get $v) (f64.const 0))))
        (f64.sub (f64.const 1) (f64.const 1e-12))) (f64.const 1e-12)))
    (if (i32.and (i32.ne (local.get $mode) (i32.const 0)) (i32.eq (local.get $best) (local.get $old)))
      (then (return (i32.const 0))))
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 4)))
    (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
    (local.set $pa (i32.add (local.get $sums) (i32.mul (local.get $best) (local.get $rb))))
    (local.set $ca (i32.add (local.get $counts) (i32.shl (local.get $best) (i32.const 3))))
    (f64.store (local.get $ca) (f64.add (f64.load (local.get $ca)) (f64.const 1)))
    (if (i32.eqz (local.get $mode))
      (then
        ;; a full scan: the row into its centre's sum (as addrows)
        (local.set $j (i32.const 0))
        (block $dj
          (loop $jl
            (br_if $dj (i32.ge_u (local.get $j) (local.get $even)))
            (v128.store align=8 (i32.add (local.get $pa) (local.get $j))
              (f64x2.add (v128.load align=8 (i32.add (local.get $pa) (local.get $j))) (v128.load align=8 (i32.add (local.get $xa) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $jl)))
        (if (i32.lt_u (local.get $even) (local.get $rb))
          (then
            (f64.store (i32.add (local.get $pa) (local.get $even))
              (f64.add (f64.load (i32.add (local.get $pa) (local.get $even))) (f64.load (i32.add (local.get $xa) (local.get $even)))))))
        (return (i32.ne (local.get $best) (local.get $old)))))
    ;; a Hamerly pass: the row moves from its old centre's sum to its new one's
    (local.set $ca (i32.add (local.get $counts) (i32.shl (local.get $old) (i32.const 3))))
    (f64.store (local.get $ca) (f64.sub (f64.load (local.get $ca)) (f64.const 1)))
    (local.set $qa (i32.add (local.get $sums) (i32.mul (local.get $old) (local.get $rb))))
    (local.set $j (i32.const 0))
    (block $dm
      (loop $ml
        (br_if $dm (i32.ge_u (local.get $j) (local.get $even)))
        (v128.store align=8 (i32.add (local.get $pa) (local.get $j))
          (f64x2.add (v128.load align=8 (i32.add (local.get $pa) (local.get $j))) (v128.load align=8 (i32.add (local.get $xa) (local.get $j)))))
        (v128.store align=8 (i32.add (local.get $qa) (local.get $j))
          (f64x2.sub (v128.load align=8 (i32.add (local.get $qa) (local.get $j))) (v128.load align=8 (i32.add (local.get $xa) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $ml)))
    (if (i32.lt_u (local.get $even) (local.get $rb))
      (then
        (f64.store (i32.add (local.get $pa) (local.get $even))
          (f64.add (f64.load (i32.add (local.get $pa) (local.get $even))) (f64.load (i32.add (local.get $xa) (local.get $even)))))
        (f64.store (i32.add (local.get $qa) (local.get $even))
          (f64.sub (f64.load (i32.add (local.get $qa) (local.get $even))) (f64.load (i32.add (local.get $xa) (local.get $even)))))))
    (i32.const 1))
)
