//! How the allocator (mimalloc, set in `main.rs`) hands memory back.
//!
//! mimalloc keeps freed memory for a second before it returns it, and backs
//! large regions with transparent huge pages. A register build frees large,
//! short-lived row chunks all the time, so both raised its peak memory from
//! 50 to 105 MiB. Huge pages are compiled out (the `no_thp` feature in
//! `Cargo.toml`); for the commands that build once (`main.rs`: not `serve`
//! and `watch`, which would take the same memory back on every rebuild)
//! freed memory is returned after [`BUILD_PURGE_DELAY_MS`] instead.
//!
//! Not at once: every return is a system call that also makes the other
//! threads drop their address translations, and a letters build frees small
//! blocks all the time. Returning at once cost a rebuild of 9,000 letters a
//! third of its time (0.23-0.32 s against 0.16-0.19 s). After 10 ms, a
//! register's peak stays 12-17 MiB lower than after a second (50-52 MiB
//! against 63-69, on a million rows).

#[cfg(test)]
use libmimalloc_sys::mi_option_get;
use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in the vendored mimalloc 3 (`mimalloc.h`); the
/// crate does not name it.
const PURGE_DELAY: mi_option_t = 15;

/// How long freed memory is kept before it goes back to the system, in a
/// command that builds once.
pub const BUILD_PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Returns freed memory to the system soon ([`BUILD_PURGE_DELAY_MS`]). Call
/// in `main` before any other thread exists.
pub fn return_freed_memory() {
    // SAFETY: a plain option setter, called before any other thread exists.
    unsafe { mi_option_set(PURGE_DELAY, BUILD_PURGE_DELAY_MS) }
}

/// `len` values made by `zero`, each written now.
///
/// For a large filter that is first read and then written at random places:
/// memory the allocator takes fresh from the system is known to be zero and
/// left untouched, so the first read of each page maps the system's shared
/// zero page, and the first write then swaps it for a page of its own, which
/// makes every other thread of the program drop its address translations. Over
/// 28 MiB of filters that cost a register of 1,000,000 rows a tenth of its
/// build (1.06-1.09 s against 0.84-0.99 s). Written first, each page comes in
/// on that write, without the swap.
///
/// The pages are written on every core at once: taking in 28 MiB of fresh
/// pages is most of what a register build does before it reads a row.
pub fn written<T: Send>(len: usize, zero: impl Fn() -> T + Sync + Send) -> Box<[T]> {
    use rayon::prelude::*;
    let mut values = Vec::with_capacity(len);
    // Hidden from the optimiser, which would otherwise ask the allocator for
    // zeroed memory and leave it untouched again.
    let values_ref = std::hint::black_box(&mut values);
    values_ref.par_extend((0..len).into_par_iter().map(|_| zero()));
    values.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_values_are_all_there_and_zero() {
        let words = written(100_000, || 0u64);
        assert_eq!(words.len(), 100_000);
        assert!(words.iter().all(|&w| w == 0));
        let atomics = written(3, || std::sync::atomic::AtomicU64::new(0));
        assert_eq!(atomics.len(), 3);
    }

    /// The number above is the option meant: its default is the purge delay
    /// the vendored mimalloc sets (`options.c`: 1000 ms). An update of
    /// mimalloc that renumbers its options fails here.
    #[test]
    fn purge_delay_is_the_option_meant() {
        // SAFETY: a plain getter.
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
    }
}
