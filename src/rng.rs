//! The one random-number generator of the crate: every data set, every model's
//! initial weights and every batch order is drawn from a [`SeedRng`] made by
//! [`seeded`].
//!
//! Why a named generator and not `rand::rngs::StdRng`: the docs and the page quote
//! per-seed findings ("in 8 of 10 seeds") that a reader must be able to reproduce,
//! and rand documents `StdRng` as *not portable*: "any future library version may
//! replace the algorithm and results may be platform-dependent" (rand 0.10,
//! `rngs::StdRng`). Generators named after their algorithm are: rand 0.10's `rngs`
//! module lists `ChaCha8Rng` among the "named portable generators", "with the
//! additional guarantees of reproducibility", and the Rand book's portability
//! policy (<https://rust-random.github.io/book/portability.html>) counts any change
//! of a portable item's output across versions as a breaking change. rand_core 0.10's
//! `SeedableRng::from_seed` asks every such generator for the same output "on all
//! runs, library versions and architectures", and calls a change of
//! `seed_from_u64` (which [`seeded`] uses) value-breaking.
//!
//! ChaCha with 8 rounds (`chacha20::ChaCha8Rng`: RustCrypto's `chacha20` crate with
//! its `rng` feature, the crate that also provides the ChaCha12 behind rand 0.10's
//! `StdRng`) is fast, statistically strong and defined on little-endian 32-bit
//! words, so native x86-64 and wasm32 draw the same stream. The known-answer test
//! below pins its first draws from seed 1: a silent change of generator, of its
//! seeding or of rand's `f64` conversion fails a test.
//!
//! Not covered by this: `rand_distr`'s normal draws use floating-point `exp`/`ln`,
//! whose last bit may differ between platforms' maths libraries (a draw changes
//! only if that flips one of the sampler's rejection tests), and the trainer's own floating point differs between native and wasm (no
//! FMA in wasm), so the page's numbers are close to the CLI's, not bit-identical.

use rand::SeedableRng;

/// The generator every seeded draw of the crate uses (see the module docs).
pub type SeedRng = chacha20::ChaCha8Rng;

/// A [`SeedRng`] seeded from a `u64` (rand_core's `seed_from_u64`: the seed is
/// expanded to ChaCha's 256-bit key with PCG32, a fixed, documented expansion).
pub fn seeded(seed: u64) -> SeedRng {
    SeedRng::seed_from_u64(seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, RngExt};

    /// Known answers: the first draws from seed 1. If this fails, the generator, its
    /// seeding or rand's `f64` conversion changed, and every per-seed number the docs
    /// and the page quote must be measured again. The words were checked against an
    /// independent pure-Python ChaCha8 (RFC 7539's quarter round, 8 rounds, 64-bit
    /// counter and stream zero) keyed by rand_core's PCG32 expansion of the seed.
    #[test]
    fn seed_1_draws_the_pinned_values() {
        let mut rng = seeded(1);
        let words: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
        assert_eq!(
            words,
            [7_424_550_030_962_593_201, 1_482_817_706_323_250_795, 11_004_592_982_271_133_285, 4_045_824_405_258_374_466],
            "raw u64 words from seed 1"
        );
        // rand's uniform f64 in [0, 1): the top 53 bits of a word, times 2^-53
        let mut rng = seeded(1);
        let floats: Vec<f64> = (0..3).map(|_| rng.random::<f64>()).collect();
        assert_eq!(floats, [0.402_485_663_664_848_06, 0.080_383_708_929_781_97, 0.596_560_180_934_854_9], "uniform f64 from seed 1");
    }

    #[test]
    fn seeds_are_independent_streams() {
        assert_ne!(seeded(1).next_u64(), seeded(2).next_u64());
        assert_eq!(seeded(7).next_u64(), seeded(7).next_u64());
    }
}
