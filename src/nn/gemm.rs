//! The three matrix products a dense layer needs, on row-major slices, written
//! for this lab's shapes (batch ≤ a few thousand, widths ≤ a few hundred).
//!
//! Each product keeps a 4 × 16 tile of the result (4 × 8 in the wasm build) in
//! registers while it runs over the inner dimension, in plain Rust that the compiler vectorises: AVX2
//! with fused multiply-add when the CPU has it (checked once, at run time), SSE2
//! otherwise, and 128-bit SIMD in the wasm build. The wasm build made with
//! `relaxed-simd` runs the `f32` products through `f32x4.relaxed_madd` (fused
//! where the engine fuses; module [`relaxed`]); the plain simd128 loops are its
//! fallback and the `f64` path. No packing; the one scratch buffer is
//! [`matmul_nt`]'s copy of `Bᵀ`, which the caller owns and which grows once and
//! is then reused, so a training step allocates nothing. Not here: anything
//! large enough to want cache blocking or threads.

use crate::float::Float;

/// Rows and columns of the full register tile: 4 × 16 fills AVX2's sixteen
/// 8-wide registers' worth of accumulators; wasm's 4-wide vectors (mapped onto
/// the host's sixteen 128-bit registers) keep 4 × 8 without spilling.
const MR: usize = 4;
#[cfg(not(target_arch = "wasm32"))]
const NR: usize = 16;
#[cfg(target_arch = "wasm32")]
const NR: usize = 8;

/// How a kernel multiplies and adds: fused (one rounding, AVX2+FMA) or plain.
trait MulAdd {
    fn madd<F: Float>(a: F, b: F, c: F) -> F;
}

#[cfg(target_arch = "x86_64")]
struct Fused;
#[cfg(target_arch = "x86_64")]
impl MulAdd for Fused {
    #[inline(always)]
    fn madd<F: Float>(a: F, b: F, c: F) -> F {
        a.mul_add(b, c)
    }
}

struct Plain;
impl MulAdd for Plain {
    #[inline(always)]
    fn madd<F: Float>(a: F, b: F, c: F) -> F {
        a * b + c
    }
}

/// `C (n×m) += A (n×k) · B (k×m)`.
pub fn matmul_acc<F: Float>(a: &[F], b: &[F], c: &mut [F], n: usize, k: usize, m: usize) {
    assert!(a.len() >= n * k && b.len() >= k * m && c.len() >= n * m, "matmul_acc: slices too short");
    // A[i, p] is at i·k + p.
    product(a, b, c, n, k, m, k, 1);
}

/// `C (k×m) += Aᵀ · B` with `A (n×k)`, `B (n×m)`: a layer's `dW += xᵀ·dy`.
pub fn matmul_tn_acc<F: Float>(a: &[F], b: &[F], c: &mut [F], n: usize, k: usize, m: usize) {
    assert!(a.len() >= n * k && b.len() >= n * m && c.len() >= k * m, "matmul_tn_acc: slices too short");
    // Aᵀ[p, i] = A[i, p] is at i·k + p: row stride 1, inner stride k.
    product(a, b, c, k, n, m, 1, k);
}

/// `C (n×k) = A (n×m) · Bᵀ` with `B (k×m)`: a layer's `dx = dy·Wᵀ` (overwrites
/// C). `bt` is scratch for `Bᵀ`; it grows once and is then reused.
pub fn matmul_nt<F: Float>(a: &[F], b: &[F], c: &mut [F], n: usize, m: usize, k: usize, bt: &mut Vec<F>) {
    assert!(a.len() >= n * m && b.len() >= k * m && c.len() >= n * k, "matmul_nt: slices too short");
    if bt.len() < k * m {
        bt.resize(k * m, F::zero());
    }
    // bt[q, p] = b[p, q]
    for (p, row) in b.chunks_exact(m.max(1)).take(k).enumerate() {
        for (q, &v) in row.iter().enumerate() {
            bt[q * k + p] = v;
        }
    }
    c[..n * k].fill(F::zero());
    product(a, &bt[..k * m], c, n, m, k, m, 1);
}

/// `C (rows×m) += Â · B` (see [`tile_product`]), with AVX2 and fused
/// multiply-add where the CPU has them (x86-64, checked once per process).
#[allow(clippy::too_many_arguments)]
fn product<F: Float>(a: &[F], b: &[F], c: &mut [F], rows: usize, inner: usize, m: usize, rs: usize, is: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if has_avx2_fma() {
            // SAFETY: the CPU supports the features `product_avx2_fma` is compiled for.
            unsafe { product_avx2_fma(a, b, c, rows, inner, m, rs, is) };
            return;
        }
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
    {
        if let Some((a, b, c)) = relaxed::as_f32(a, b, c) {
            relaxed::tile_product(a, b, c, &Shape { inner, m, row_stride: rs, inner_stride: is }, rows);
            return;
        }
    }
    tile_product::<F, Plain>(a, b, c, rows, inner, m, rs, is)
}

/// `avx2_dispatched!(vis fn name<F: Float>(args) => body_fn);` defines `name`,
/// which runs the `#[inline(always)]` function `body_fn` compiled for AVX2 + FMA
/// where the CPU has them (x86-64, checked once), and as it is elsewhere: the
/// loops inline into a function built with those features.
macro_rules! avx2_dispatched {
    ($vis:vis fn $name:ident<F: Float>($($arg:ident: $ty:ty),* $(,)?) => $body:ident) => {
        #[allow(clippy::too_many_arguments)]
        $vis fn $name<F: Float>($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                #[allow(clippy::too_many_arguments)]
                unsafe fn avx2<F: Float>($($arg: $ty),*) {
                    $body($($arg),*)
                }
                if $crate::nn::gemm::has_avx2_fma() {
                    // SAFETY: the CPU supports the features `avx2` is compiled for.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $body($($arg),*)
        }
    };
}
pub(crate) use avx2_dispatched;

#[cfg(target_arch = "x86_64")]
pub(crate) fn has_avx2_fma() -> bool {
    use std::sync::OnceLock;
    static HAS: OnceLock<bool> = OnceLock::new();
    *HAS.get_or_init(|| is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"))
}

/// The same loops, compiled for AVX2 + FMA (they inline into this function).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn product_avx2_fma<F: Float>(a: &[F], b: &[F], c: &mut [F], rows: usize, inner: usize, m: usize, rs: usize, is: usize) {
    tile_product::<F, Fused>(a, b, c, rows, inner, m, rs, is)
}

/// `C (rows×m) += Â · B` where `Â[r, p] = a[r·row_stride + p·inner_stride]`
/// and `B (inner×m)` is row-major. Tiles of results stay in registers while
/// `p` runs over the inner dimension: 4 × 16 where they fit, then narrower and
/// shorter tiles for the edges (a tower of 8 units is one 4 × 8 column).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn tile_product<F: Float, M: MulAdd>(
    a: &[F],
    b: &[F],
    c: &mut [F],
    rows: usize,
    inner: usize,
    m: usize,
    row_stride: usize,
    inner_stride: usize,
) {
    let shape = Shape { inner, m, row_stride, inner_stride };
    let mut i = 0;
    while i + MR <= rows {
        columns::<F, M, MR>(a, b, c, i, &shape);
        i += MR;
    }
    while i < rows {
        columns::<F, M, 1>(a, b, c, i, &shape);
        i += 1;
    }
}

struct Shape {
    inner: usize,
    m: usize,
    row_stride: usize,
    inner_stride: usize,
}

/// All column tiles of the `R` result rows starting at `i`.
#[inline(always)]
fn columns<F: Float, M: MulAdd, const R: usize>(a: &[F], b: &[F], c: &mut [F], i: usize, s: &Shape) {
    let mut j = 0;
    while j + NR <= s.m {
        tile::<F, M, R, NR>(a, b, c, i, j, s);
        j += NR;
    }
    if NR > 8 {
        while j + 8 <= s.m {
            tile::<F, M, R, 8>(a, b, c, i, j, s);
            j += 8;
        }
    }
    while j + 4 <= s.m {
        tile::<F, M, R, 4>(a, b, c, i, j, s);
        j += 4;
    }
    while j < s.m {
        tile::<F, M, R, 1>(a, b, c, i, j, s);
        j += 1;
    }
}

/// One R × N tile: result rows `i..i+R`, columns `j..j+N`.
#[inline(always)]
fn tile<F: Float, M: MulAdd, const R: usize, const N: usize>(a: &[F], b: &[F], c: &mut [F], i: usize, j: usize, s: &Shape) {
    let m = s.m;
    let mut acc = [[F::zero(); N]; R];
    for (r, row) in acc.iter_mut().enumerate() {
        row.copy_from_slice(&c[(i + r) * m + j..(i + r) * m + j + N]);
    }
    // The callers' length asserts bound every index below:
    // (i + r)·row_stride + p·inner_stride < len(a) and p·m + j + N ≤ len(b).
    let last_a = (i + R - 1) * s.row_stride + (s.inner.max(1) - 1) * s.inner_stride;
    assert!(s.inner == 0 || (last_a < a.len() && (s.inner - 1) * m + j + N <= b.len()));
    for p in 0..s.inner {
        // SAFETY: bounded by the assert above.
        let brow: &[F] = unsafe { b.get_unchecked(p * m + j..p * m + j + N) };
        for (r, row) in acc.iter_mut().enumerate() {
            // SAFETY: bounded by the assert above.
            let av = unsafe { *a.get_unchecked((i + r) * s.row_stride + p * s.inner_stride) };
            for q in 0..N {
                row[q] = M::madd(av, brow[q], row[q]);
            }
        }
    }
    for (r, row) in acc.iter().enumerate() {
        c[(i + r) * m + j..(i + r) * m + j + N].copy_from_slice(row);
    }
}

/// The `f32` products written with wasm's relaxed SIMD: each 4-wide column
/// group is one `v128`, and `C += a·b` is `f32x4.relaxed_madd`, which the engine
/// may fuse (one rounding, as FMA on x86 with the feature) or not (two
/// roundings, as simd128) — the results differ from the simd128 build's only in
/// rounding. Same tiles as [`tile_product`]: 4 rows × 8 columns, then 4, then
/// single columns through the plain loops. Compiled only into the wasm build
/// made with `-C target-feature=+simd128,+relaxed-simd`.
#[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
mod relaxed {
    use super::{Plain, Shape, MR};
    use crate::float::Float;
    use core::any::TypeId;
    use core::arch::wasm32::{f32x4_relaxed_madd, f32x4_splat, v128};

    /// The three slices as `f32` when `F` is `f32`; `None` for `f64`.
    #[inline(always)]
    pub(super) fn as_f32<'a, F: Float>(a: &'a [F], b: &'a [F], c: &'a mut [F]) -> Option<(&'a [f32], &'a [f32], &'a mut [f32])> {
        if TypeId::of::<F>() != TypeId::of::<f32>() {
            return None;
        }
        // SAFETY: F is f32 (same type, so same size, alignment and validity).
        unsafe {
            Some((
                core::slice::from_raw_parts(a.as_ptr().cast::<f32>(), a.len()),
                core::slice::from_raw_parts(b.as_ptr().cast::<f32>(), b.len()),
                core::slice::from_raw_parts_mut(c.as_mut_ptr().cast::<f32>(), c.len()),
            ))
        }
    }

    /// `C (rows×m) += Â · B`, as [`super::tile_product`].
    pub(super) fn tile_product(a: &[f32], b: &[f32], c: &mut [f32], s: &Shape, rows: usize) {
        let mut i = 0;
        while i + MR <= rows {
            columns::<MR>(a, b, c, i, s);
            i += MR;
        }
        while i < rows {
            columns::<1>(a, b, c, i, s);
            i += 1;
        }
    }

    #[inline(always)]
    fn columns<const R: usize>(a: &[f32], b: &[f32], c: &mut [f32], i: usize, s: &Shape) {
        let mut j = 0;
        while j + 8 <= s.m {
            tile::<R, 2>(a, b, c, i, j, s);
            j += 8;
        }
        while j + 4 <= s.m {
            tile::<R, 1>(a, b, c, i, j, s);
            j += 4;
        }
        while j < s.m {
            super::tile::<f32, Plain, R, 1>(a, b, c, i, j, s);
            j += 1;
        }
    }

    /// One R × 4V tile: result rows `i..i+R`, columns `j..j+4V`, in R·V vectors.
    #[inline(always)]
    fn tile<const R: usize, const V: usize>(a: &[f32], b: &[f32], c: &mut [f32], i: usize, j: usize, s: &Shape) {
        let (m, n) = (s.m, 4 * V);
        let mut acc = [[f32x4_splat(0.0); V]; R];
        for (r, row) in acc.iter_mut().enumerate() {
            let src = &c[(i + r) * m + j..(i + r) * m + j + n];
            for (v, x) in row.iter_mut().enumerate() {
                // SAFETY: 4 floats at 4v within `src` (n = 4V); wasm loads need no alignment.
                *x = unsafe { src.as_ptr().add(4 * v).cast::<v128>().read_unaligned() };
            }
        }
        // The same bound as the simd128 tile's.
        let last_a = (i + R - 1) * s.row_stride + (s.inner.max(1) - 1) * s.inner_stride;
        assert!(s.inner == 0 || (last_a < a.len() && (s.inner - 1) * m + j + n <= b.len()));
        for p in 0..s.inner {
            // SAFETY: p·m + j + 4V ≤ len(b) by the assert above.
            let bv: [v128; V] = core::array::from_fn(|v| unsafe { b.as_ptr().add(p * m + j + 4 * v).cast::<v128>().read_unaligned() });
            for (r, row) in acc.iter_mut().enumerate() {
                // SAFETY: bounded by the assert above.
                let av = f32x4_splat(unsafe { *a.get_unchecked((i + r) * s.row_stride + p * s.inner_stride) });
                for (x, &bq) in row.iter_mut().zip(&bv) {
                    // C += a·b
                    *x = f32x4_relaxed_madd(av, bq, *x);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            let dst = &mut c[(i + r) * m + j..(i + r) * m + j + n];
            for (v, x) in row.iter().enumerate() {
                // SAFETY: 4 floats at 4v within `dst`.
                unsafe { dst.as_mut_ptr().add(4 * v).cast::<v128>().write_unaligned(*x) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f64], b: &[f64], n: usize, k: usize, m: usize) -> Vec<f64> {
        let mut c = vec![0.0; n * m];
        for i in 0..n {
            for p in 0..k {
                for j in 0..m {
                    c[i * m + j] += a[i * k + p] * b[p * m + j];
                }
            }
        }
        c
    }

    fn transpose(a: &[f64], rows: usize, cols: usize) -> Vec<f64> {
        (0..cols * rows).map(|t| a[(t % rows) * cols + t / rows]).collect()
    }

    fn data(len: usize, seed: u64) -> Vec<f64> {
        (0..len).map(|i| (((i as u64 + 1) * 2654435761 + seed * 97) % 1000) as f64 / 500.0 - 1.0).collect()
    }

    /// Every product against the naive triple loop, on shapes with and without
    /// full tiles (edges in rows, columns, both).
    #[test]
    fn products_match_the_naive_loop() {
        for &(n, k, m) in &[(1, 1, 1), (4, 3, 16), (5, 7, 17), (8, 100, 32), (9, 13, 40), (33, 2, 5), (3, 20, 1)] {
            let (a, b) = (data(n * k, 1), data(k * m, 2));
            let want = naive(&a, &b, n, k, m);
            let mut c = data(n * m, 3);
            let start = c.clone();
            matmul_acc(&a, &b, &mut c, n, k, m);
            for (t, (got, w)) in c.iter().zip(&want).enumerate() {
                assert!((got - start[t] - w).abs() < 1e-12, "matmul_acc {n}×{k}×{m} at {t}");
            }
            // dW += xᵀ·dy with x = aᵀ (k×n) stored as (n'=k rows, k'=n cols)
            let at = transpose(&a, n, k);
            let mut c2 = vec![0.0; n * m];
            matmul_tn_acc(&at, &b, &mut c2, k, n, m);
            assert!(c2.iter().zip(&want).all(|(g, w)| (g - w).abs() < 1e-12), "matmul_tn_acc {n}×{k}×{m}");
            let bt = transpose(&b, k, m);
            let mut c3 = vec![7.0; n * m];
            matmul_nt(&a, &bt, &mut c3, n, k, m, &mut Vec::new());
            assert!(c3.iter().zip(&want).all(|(g, w)| (g - w).abs() < 1e-12), "matmul_nt {n}×{k}×{m}");
        }
    }

    #[test]
    fn f32_products_match_too() {
        let (n, k, m) = (7, 9, 18);
        let a: Vec<f32> = data(n * k, 4).iter().map(|&v| v as f32).collect();
        let b: Vec<f32> = data(k * m, 5).iter().map(|&v| v as f32).collect();
        let want = naive(&data(n * k, 4), &data(k * m, 5), n, k, m);
        let mut c = vec![0.0f32; n * m];
        matmul_acc(&a, &b, &mut c, n, k, m);
        assert!(c.iter().zip(&want).all(|(g, w)| (*g as f64 - w).abs() < 1e-4));
    }
}
