//! The allocator of the `cruscotto` binary (and of the benchmark, which
//! runs its children as the binary does): mimalloc, set up lean.
//!
//! Not part of the library: a program using the library chooses its own
//! allocator. Included by `src/main.rs` and, by path, `benches/pipeline.rs`.

/// The allocator: mimalloc is faster than the system's on the pipeline's
/// many small texts, and, set up by [`lean_allocator`], gives freed memory
/// back at once (a run's peak is its live data, not freed slack).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options as numbered in its `mi_option_t` (mimalloc 3,
/// `include/mimalloc.h`; the enumeration only grows at its end).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory is committed as used, and freed pages are returned to the system
/// at once instead of after a delay: reading a file frees its cells while
/// the records grow, so a delayed purge would add the two (BENCHMARKS.md,
/// issue 15). Runs before `main` (and before the runtime's first
/// allocation, which sets up mimalloc's first arena).
#[ctor::ctor(unsafe)]
fn lean_allocator() {
    // SAFETY: mi_option_set only stores an integer option; both options are
    // read by mimalloc when it next commits or purges memory.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}
