;; Dot products for the k-means kernels, in WebAssembly SIMD (f64x2). Compiled by scripts/build-wasm.mjs
;; into dotsWasm.ts (base64); `pnpm lint` checks the two agree. See kernels.js for how it is used.
(module
  (import "env" "mem" (memory 1 65536 shared))
  ;; out[t*k + c] = x[idx[t]] · cen[c] for t in [0, m), c in [0, k); rows of width d (f64), byte offsets
  (func $dots (export "dots") (param $x i32) (param $idx i32) (param $m i32) (param $cen i32) (param $k i32) (param $d i32) (param $out i32)
    (local $t i32) (local $xa i32) (local $xb i32) (local $oa i32) (local $ob i32) (local $two i32)
    (local $cc i32) (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $j i32) (local $rb i32) (local $even i32)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local $va v128) (local $vb v128) (local $w v128)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 4)))
    (local.set $t (i32.const 0))
    (block $done_rows
      (loop $rows
        (br_if $done_rows (i32.ge_u (local.get $t) (local.get $m)))
        ;; row pair: ia = idx[t], ib = idx[t+1] or ia
        (local.set $xa (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rb))))
        (local.set $two (i32.lt_u (i32.add (local.get $t) (i32.const 1)) (local.get $m)))
        (local.set $xb (select
          (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (i32.add (local.get $t) (i32.const 1)) (i32.const 2)))) (local.get $rb)))
          (local.get $xa)
          (local.get $two)))
        (local.set $oa (i32.add (local.get $out) (i32.shl (i32.mul (local.get $t) (local.get $k)) (i32.const 3))))
        (local.set $ob (select (i32.add (local.get $oa) (i32.shl (local.get $k) (i32.const 3))) (local.get $oa) (local.get $two)))
        ;; centres four at a time
        (local.set $cc (i32.const 0))
        (block $done4
          (loop $four
            (br_if $done4 (i32.gt_u (i32.add (local.get $cc) (i32.const 4)) (local.get $k)))
            (local.set $c0 (i32.add (local.get $cen) (i32.mul (local.get $cc) (local.get $rb))))
            (local.set $c1 (i32.add (local.get $c0) (local.get $rb)))
            (local.set $c2 (i32.add (local.get $c1) (local.get $rb)))
            (local.set $c3 (i32.add (local.get $c2) (local.get $rb)))
            (local.set $p0 (v128.const i64x2 0 0)) (local.set $p1 (v128.const i64x2 0 0)) (local.set $p2 (v128.const i64x2 0 0)) (local.set $p3 (v128.const i64x2 0 0))
            (local.set $q0 (v128.const i64x2 0 0)) (local.set $q1 (v128.const i64x2 0 0)) (local.set $q2 (v128.const i64x2 0 0)) (local.set $q3 (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (block $donej
              (loop $jl
                (br_if $donej (i32.ge_u (local.get $j) (local.get $even)))
                (local.set $va (v128.load align=8 (i32.add (local.get $xa) (local.get $j))))
                (local.set $vb (v128.load align=8 (i32.add (local.get $xb) (local.get $j))))
                (local.set $w (v128.load align=8 (i32.add (local.get $c0) (local.get $j))))
                (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (local.get $va) (local.get $w))))
                (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $vb) (local.get $w))))
                (local.set $w (v128.load align=8 (i32.add (local.get $c1) (local.get $j))))
                (local.set $p1 (f64x2.add (local.get $p1) (f64x2.mul (local.get $va) (local.get $w))))
                (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $vb) (local.get $w))))
                (local.set $w (v128.load align=8 (i32.add (local.get $c2) (local.get $j))))
                (local.set $p2 (f64x2.add (local.get $p2) (f64x2.mul (local.get $va) (local.get $w))))
                (local.set $q2 (f64x2.add (local.get $q2) (f64x2.mul (local.get $vb) (local.get $w))))
                (local.set $w (v128.load align=8 (i32.add (local.get $c3) (local.get $j))))
                (local.set $p3 (f64x2.add (local.get $p3) (f64x2.mul (local.get $va) (local.get $w))))
                (local.set $q3 (f64x2.add (local.get $q3) (f64x2.mul (local.get $vb) (local.get $w))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $jl)))
            (call $emit (local.get $oa) (local.get $ob) (local.get $cc) (local.get $p0) (local.get $q0) (local.get $c0) (local.get $xa) (local.get $xb) (local.get $even) (local.get $rb))
            (call $emit (local.get $oa) (local.get $ob) (i32.add (local.get $cc) (i32.const 1)) (local.get $p1) (local.get $q1) (local.get $c1) (local.get $xa) (local.get $xb) (local.get $even) (local.get $rb))
            (call $emit (local.get $oa) (local.get $ob) (i32.add (local.get $cc) (i32.const 2)) (local.get $p2) (local.get $q2) (local.get $c2) (local.get $xa) (local.get $xb) (local.get $even) (local.get $rb))
            (call $emit (local.get $oa) (local.get $ob) (i32.add (local.get $cc) (i32.const 3)) (local.get $p3) (local.get $q3) (local.get $c3) (local.get $xa) (local.get $xb) (local.get $even) (local.get $rb))
            (local.set $cc (i32.add (local.get $cc) (i32.const 4)))
            (br $four)))
        ;; remaining centres one at a time
        (block $done1
          (loop $one
            (br_if $done1 (i32.ge_u (local.get $cc) (local.get $k)))
            (local.set $c0 (i32.add (local.get $cen) (i32.mul (local.get $cc) (local.get $rb))))
            (local.set $p0 (v128.const i64x2 0 0)) (local.set $q0 (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (block $donej1
              (loop $jl1
                (br_if $donej1 (i32.ge_u (local.get $j) (local.get $even)))
                (local.set $w (v128.load align=8 (i32.add (local.get $c0) (local.get $j))))
                (local.set $p0 (f64x2.add (local.get $p0) (f64x2.mul (v128.load align=8 (i32.add (local.get $xa) (local.get $j))) (local.get $w))))
                (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (v128.load align=8 (i32.add (local.get $xb) (local.get $j))) (local.get $w))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $jl1)))
            (call $emit (local.get $oa) (local.get $ob) (local.get $cc) (local.get $p0) (local.get $q0) (local.get $c0) (local.get $xa) (local.get $xb) (local.get $even) (local.get $rb))
            (local.set $cc (i32.add (local.get $cc) (i32.const 1)))
            (br $one)))
        (local.set $t (i32.add (local.get $t) (i32.const 2)))
        (br $rows)))
  )
  ;; out[a][c] = lane0 + lane1 (+ the odd column), and the same for b
  (func $emit (param $oa i32) (param $ob i32) (param $c i32) (param $p v128) (param $q v128) (param $cr i32) (param $xa i32) (param $xb i32) (param $even i32) (param $rb i32)
    (local $sa f64) (local $sb f64) (local $w f64)
    (local.set $sa (f64.add (f64x2.extract_lane 0 (local.get $p)) (f64x2.extract_lane 1 (local.get $p))))
    (local.set $sb (f64.add (f64x2.extract_lane 0 (local.get $q)) (f64x2.extract_lane 1 (local.get $q))))
    (if (i32.lt_u (local.get $even) (local.get $rb))
      (then
        (local.set $w (f64.load (i32.add (local.get $cr) (local.get $even))))
        (local.set $sa (f64.add (local.get $sa) (f64.mul (f64.load (i32.add (local.get $xa) (local.get $even))) (local.get $w))))
        (local.set $sb (f64.add (local.get $sb) (f64.mul (f64.load (i32.add (local.get $xb) (local.get $even))) (local.get $w))))))
    (f64.store (i32.add (local.get $oa) (i32.shl (local.get $c) (i32.const 3))) (local.get $sa))
    (f64.store (i32.add (local.get $ob) (i32.shl (local.get $c) (i32.const 3))) (local.get $sb)))

  ;; out[t] = ‖x[idx[t]] − cen[labels[idx[t]]]‖² (Hamerly's tightened upper bound, squared)
  (func (export "sqdist") (param $x i32) (param $idx i32) (param $m i32) (param $cen i32) (param $labels i32) (param $d i32) (param $out i32)
    (local $t i32) (local $i i32) (local $xa i32) (local $ca i32) (local $j i32) (local $rb i32) (local $even i32)
    (local $acc v128) (local $v v128) (local $s f64) (local $e f64)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 4)))
    (local.set $t (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (local.get $m)))
        (local.set $i (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $ca (i32.add (local.get $cen) (i32.mul (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))) (local.get $rb))))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $dj
          (loop $jl
            (br_if $dj (i32.ge_u (local.get $j) (local.get $even)))
            (local.set $v (f64x2.sub (v128.load align=8 (i32.add (local.get $xa) (local.get $j))) (v128.load align=8 (i32.add (local.get $ca) (local.get $j)))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $v) (local.get $v))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $jl)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_u (local.get $even) (local.get $rb))
          (then
            (local.set $e (f64.sub (f64.load (i32.add (local.get $xa) (local.get $even))) (f64.load (i32.add (local.get $ca) (local.get $even)))))
            (local.set $s (f64.add (local.get $s) (f64.mul (local.get $e) (local.get $e))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $s))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows))))
  ;; sums[labels[i]] += x[i] for i = idx[t], t < m, in that order (the centre sums of a full scan)
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

  ;; k-means++ candidates, fused: for rows i in [i0, i1) and candidates t < trials (their rows at
  ;; cand, their squared norms at candXn), dist = max(0, xn[i] + candXn[t] − 2·x[i]·cand[t]), written
  ;; as min(dist, closest[i]) to candDist[i·trials + t] and added, in row order, to pots[t]. The dot
  ;; products are summed as $dots sums them (even and odd columns in two lanes, then the odd last
  ;; column): the numbers are those of $dots followed by candidateKernel's JavaScript loop.
  (func (export "candidates") (param $x i32) (param $xn i32) (param $i0 i32) (param $i1 i32) (param $cand i32) (param $candXn i32) (param $trials i32) (param $d i32) (param $closest i32) (param $candDist i32) (param $pots i32)
    (local $i i32) (local $t i32) (local $j i32) (local $rb i32) (local $even i32) (local $xa i32) (local $ct i32)
    (local $acc v128) (local $s f64) (local $dx f64) (local $cl f64) (local $xni f64) (local $at i32)
    (local.set $rb (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 4)))
    (local.set $i (local.get $i0))
    (block $done_rows
      (loop $rows
        (br_if $done_rows (i32.ge_u (local.get $i) (local.get $i1)))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $xni (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $cl (f64.load (i32.add (local.get $closest) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $t (i32.const 0))
        (block $done_t
          (loop $tl
            (br_if $done_t (i32.ge_u (local.get $t) (local.get $trials)))
            (local.set $ct (i32.add (local.get $cand) (i32.mul (local.get $t) (local.get $rb))))
            (local.set $acc (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (block $done_j
              (loop $jl
                (br_if $done_j (i32.ge_u (local.get $j) (local.get $even)))
                (local.set $acc (f64x2.add (local.get $acc)
                  (f64x2.mul (v128.load align=8 (i32.add (local.get $xa) (local.get $j))) (v128.load align=8 (i32.add (local.get $ct) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $jl)))
            (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
            (if (i32.lt_u (local.get $even) (local.get $rb))
              (then
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.load (i32.add (local.get $xa) (local.get $even))) (f64.load (i32.add (local.get $ct) (local.get $even))))))))
            (local.set $dx (f64.sub
              (f64.add (local.get $xni) (f64.load (i32.add (local.get $candXn) (i32.shl (local.get $t) (i32.const 3)))))
              (f64.mul (f64.const 2) (local.get $s))))
            (if (f64.lt (local.get $dx) (f64.const 0)) (then (local.set $dx (f64.const 0))))
            (if (f64.ge (local.get $dx) (local.get $cl)) (then (local.set $dx (local.get $cl))))
            (local.set $at (i32.shl (i32.add (i32.mul (local.get $i) (local.get $trials)) (local.get $t)) (i32.const 3)))
            (f64.store (i32.add (local.get $candDist) (local.get $at)) (local.get $dx))
            (local.set $at (i32.add (local.get $pots) (i32.shl (local.get $t) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $dx)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tl)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
