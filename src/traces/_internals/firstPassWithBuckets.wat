;; The loop of `firstPassWithBuckets` (src/traces/_internals/ratioBuckets.ts, docs/theory.md §11.8) as a
;; WebAssembly function: the same float operations on the same operands in the same order, so every output is the
;; same double, bit for bit (tested against the JavaScript loop in src/traces/firstPassKernel.test.ts). Compiled by
;; `npm run build:wasm` (scripts/build-wasm.mjs, the `wabt` development dependency) into firstPassKernelBytes.ts;
;; a test checks that the committed bytes are this file's.
;;
;; What the loop does per token y (p, q: float64 laws; see ratioBuckets.ts for the why of each step):
;;   ov, S, Σq, Σp: plain sums over blocks of 8 tokens, each block's sum then added in a Neumaier sum;
;;   min(p, q) as p < q ? p : q and the key's NaN → +∞ by integer selects of the bit patterns (branch-free, and the
;;   chosen double itself: the JavaScript loop's table lookups pick the same operand);
;;   support (q > 0), the lists of tokens with p > q and q > p (written branch-free), the loose count;
;;   key = (p·2⁻¹⁰⁰)/q (0/0 → +∞), its high word clamped to [base, ceiling], bucket 1 + ((h − base) >> shift);
;;   per bucket: count, Σp, Σq, Σ(p − q)^+, the token list (next[], tail[]: append y), and the without-replacement
;;   weight q/(1 − q) (the series q(1 + q(1 + q(1 + q(1 + q)))) below q = 2⁻¹³) of every token but the running
;;   argmax of q, whose weight is added when a later token takes the argmax over (the lowest index on ties).
;; Outputs at outAt (9 doubles): ov, S, Σq, Σp, hub, support, positives, negatives, loose (FIRST in ratioBuckets.ts).
;; The caller zeroes the bucket sums and counts and sets tail[b] = n + b before the call. The memory is the caller's
;; (imported, never grown here: see firstPassKernel.ts).
(module
  (import "env" "memory" (memory 1))
  (func (export "firstPassWithBuckets")
    (param $n i32) (param $base i32) (param $ceiling i32) (param $shift i32)
    (param $pAt i32) (param $qAt i32) (param $keyAt i32) (param $ofAt i32) (param $positiveAt i32) (param $negativeAt i32)
    (param $nextAt i32) (param $tailAt i32) (param $sumPAt i32) (param $sumQAt i32) (param $sumWAt i32) (param $sumDAt i32)
    (param $countAt i32) (param $outAt i32)
    (local $y i32) (local $stop i32) (local $b i32) (local $h i32) (local $a i32)
    (local $support i32) (local $positives i32) (local $negatives i32) (local $loose i32) (local $best i32) (local $above i32)
    (local $py f64) (local $qy f64) (local $d f64) (local $excess f64) (local $key f64) (local $t f64)
    (local $so f64) (local $co f64) (local $ss f64) (local $cs f64) (local $sq f64) (local $cq f64) (local $sp f64) (local $cp f64)
    (local $bo f64) (local $bs f64) (local $bq f64) (local $bp f64) (local $top f64)
    (local.set $top (f64.const -1))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $y) (local.get $n)))
        (local.set $stop (select (i32.add (local.get $y) (i32.const 8)) (local.get $n)
          (i32.lt_u (i32.add (local.get $y) (i32.const 8)) (local.get $n))))
        (local.set $bo (f64.const 0)) (local.set $bs (f64.const 0)) (local.set $bq (f64.const 0)) (local.set $bp (f64.const 0))
        (loop $tokens
          (local.set $py (f64.load (i32.add (local.get $pAt) (i32.shl (local.get $y) (i32.const 3)))))
          (local.set $qy (f64.load (i32.add (local.get $qAt) (i32.shl (local.get $y) (i32.const 3)))))
          ;; bo += py < qy ? py : qy
          (local.set $bo (f64.add (local.get $bo) (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $py)) (i64.reinterpret_f64 (local.get $qy)) (f64.lt (local.get $py) (local.get $qy))))))
          (local.set $d (f64.sub (local.get $py) (local.get $qy)))
          (local.set $excess (f64.mul (f64.const 0.5) (f64.add (local.get $d) (f64.abs (local.get $d)))))
          (local.set $bs (f64.add (local.get $bs) (local.get $excess)))
          (local.set $bq (f64.add (local.get $bq) (local.get $qy)))
          (local.set $bp (f64.add (local.get $bp) (local.get $py)))
          (local.set $support (i32.add (local.get $support) (f64.gt (local.get $qy) (f64.const 0))))
          (local.set $above (f64.gt (local.get $py) (local.get $qy)))
          (i32.store (i32.add (local.get $positiveAt) (i32.shl (local.get $positives) (i32.const 2))) (local.get $y))
          (local.set $positives (i32.add (local.get $positives) (local.get $above)))
          (i32.store (i32.add (local.get $negativeAt) (i32.shl (local.get $negatives) (i32.const 2))) (local.get $y))
          (local.set $negatives (i32.add (local.get $negatives) (f64.gt (local.get $qy) (local.get $py))))
          (local.set $loose (i32.add (local.get $loose) (i32.and (local.get $above) (f64.lt (local.get $py) (f64.const 0x1p-922)))))
          ;; key = (py * 2^-100) / qy, NaN -> +inf
          (local.set $key (f64.div (f64.mul (local.get $py) (f64.const 0x1p-100)) (local.get $qy)))
          (local.set $key (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $key)) (i64.const 0x7ff0000000000000) (f64.eq (local.get $key) (local.get $key)))))
          (f64.store (i32.add (local.get $keyAt) (i32.shl (local.get $y) (i32.const 3))) (local.get $key))
          (local.set $h (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $key)) (i64.const 32))))
          (local.set $h (select (local.get $base) (local.get $h) (i32.lt_s (local.get $h) (local.get $base))))
          (local.set $h (select (local.get $ceiling) (local.get $h) (i32.gt_s (local.get $h) (local.get $ceiling))))
          (local.set $b (i32.add (i32.const 1) (i32.shr_s (i32.sub (local.get $h) (local.get $base)) (local.get $shift))))
          (i32.store16 (i32.add (local.get $ofAt) (i32.shl (local.get $y) (i32.const 1))) (local.get $b))
          (local.set $a (i32.add (local.get $countAt) (i32.shl (local.get $b) (i32.const 2))))
          (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
          (local.set $a (i32.add (local.get $sumPAt) (i32.shl (local.get $b) (i32.const 3))))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $py)))
          (local.set $a (i32.add (local.get $sumQAt) (i32.shl (local.get $b) (i32.const 3))))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $qy)))
          (local.set $a (i32.add (local.get $sumDAt) (i32.shl (local.get $b) (i32.const 3))))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $excess)))
          ;; link[end[b]] = y; end[b] = y
          (local.set $a (i32.add (local.get $tailAt) (i32.shl (local.get $b) (i32.const 2))))
          (i32.store (i32.add (local.get $nextAt) (i32.shl (i32.load (local.get $a)) (i32.const 2))) (local.get $y))
          (i32.store (local.get $a) (local.get $y))
          (if (f64.lt (local.get $top) (local.get $qy))
            (then
              (if (f64.ge (local.get $top) (f64.const 0))
                (then
                  (local.set $a (i32.add (local.get $sumWAt) (i32.shl
                    (i32.load16_u (i32.add (local.get $ofAt) (i32.shl (local.get $best) (i32.const 1)))) (i32.const 3))))
                  (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
                    (f64.div (local.get $top) (f64.sub (f64.const 1) (local.get $top)))))))
              (local.set $top (local.get $qy))
              (local.set $best (local.get $y)))
            (else
              (local.set $a (i32.add (local.get $sumWAt) (i32.shl (local.get $b) (i32.const 3))))
              (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
                (if (result f64) (f64.lt (local.get $qy) (f64.const 0x1p-13))
                  (then (f64.mul (local.get $qy) (f64.add (f64.const 1) (f64.mul (local.get $qy)
                    (f64.add (f64.const 1) (f64.mul (local.get $qy) (f64.add (f64.const 1) (f64.mul (local.get $qy)
                      (f64.add (f64.const 1) (local.get $qy))))))))))
                  (else (f64.div (local.get $qy) (f64.sub (f64.const 1) (local.get $qy)))))))))
          (local.set $y (i32.add (local.get $y) (i32.const 1)))
          (br_if $tokens (i32.lt_u (local.get $y) (local.get $stop))))
        ;; Neumaier steps: t = s + b; c += |s| >= |b| ? s - t + b : b - t + s; s = t
        (local.set $t (f64.add (local.get $so) (local.get $bo)))
        (local.set $co (f64.add (local.get $co) (select
          (f64.add (f64.sub (local.get $so) (local.get $t)) (local.get $bo))
          (f64.add (f64.sub (local.get $bo) (local.get $t)) (local.get $so))
          (f64.ge (f64.abs (local.get $so)) (f64.abs (local.get $bo))))))
        (local.set $so (local.get $t))
        (local.set $t (f64.add (local.get $ss) (local.get $bs)))
        (local.set $cs (f64.add (local.get $cs) (select
          (f64.add (f64.sub (local.get $ss) (local.get $t)) (local.get $bs))
          (f64.add (f64.sub (local.get $bs) (local.get $t)) (local.get $ss))
          (f64.ge (f64.abs (local.get $ss)) (f64.abs (local.get $bs))))))
        (local.set $ss (local.get $t))
        (local.set $t (f64.add (local.get $sq) (local.get $bq)))
        (local.set $cq (f64.add (local.get $cq) (select
          (f64.add (f64.sub (local.get $sq) (local.get $t)) (local.get $bq))
          (f64.add (f64.sub (local.get $bq) (local.get $t)) (local.get $sq))
          (f64.ge (f64.abs (local.get $sq)) (f64.abs (local.get $bq))))))
        (local.set $sq (local.get $t))
        (local.set $t (f64.add (local.get $sp) (local.get $bp)))
        (local.set $cp (f64.add (local.get $cp) (select
          (f64.add (f64.sub (local.get $sp) (local.get $t)) (local.get $bp))
          (f64.add (f64.sub (local.get $bp) (local.get $t)) (local.get $sp))
          (f64.ge (f64.abs (local.get $sp)) (f64.abs (local.get $bp))))))
        (local.set $sp (local.get $t))
        (br $blocks)))
    (f64.store offset=0 (local.get $outAt) (f64.add (local.get $so) (local.get $co)))
    (f64.store offset=8 (local.get $outAt) (f64.add (local.get $ss) (local.get $cs)))
    (f64.store offset=16 (local.get $outAt) (f64.add (local.get $sq) (local.get $cq)))
    (f64.store offset=24 (local.get $outAt) (f64.add (local.get $sp) (local.get $cp)))
    (f64.store offset=32 (local.get $outAt) (f64.convert_i32_s (local.get $best)))
    (f64.store offset=40 (local.get $outAt) (f64.convert_i32_s (local.get $support)))
    (f64.store offset=48 (local.get $outAt) (f64.convert_i32_s (local.get $positives)))
    (f64.store offset=56 (local.get $outAt) (f64.convert_i32_s (local.get $negatives)))
    (f64.store offset=64 (local.get $outAt) (f64.convert_i32_s (local.get $loose)))))
