//! How the allocator (mimalloc, set in `main.rs`) hands memory back.
//!
//! mimalloc keeps freed memory for a second before it returns it, and backs
//! large regions with transparent huge pages. A register build frees large,
//! short-lived row chunks all the time, so both raised its peak memory from
//! 50 to 105 MiB. Huge pages are compiled out (the `no_thp` feature in
//! `Cargo.toml`); freed memory is returned at once from here, for the
//! commands that build once (`main.rs`: not `serve` and `watch`, which would
//! take the same memory back on every rebuild). Neither cost measurable time.

#[cfg(test)]
use libmimalloc_sys::mi_option_get;
use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in the vendored mimalloc 3 (`mimalloc.h`); the
/// crate does not name it.
const PURGE_DELAY: mi_option_t = 15;

/// Returns freed memory to the system at once. Call in `main` before any
/// other thread exists.
pub fn return_freed_memory() {
    // SAFETY: a plain option setter, called before any other thread exists.
    unsafe { mi_option_set(PURGE_DELAY, 0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number above is the option meant: its default is the purge delay
    /// the vendored mimalloc sets (`options.c`: 1000 ms). An update of
    /// mimalloc that renumbers its options fails here.
    #[test]
    fn purge_delay_is_the_option_meant() {
        // SAFETY: a plain getter.
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
    }
}
