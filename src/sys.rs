//! What the process knows of itself: its peak memory, and the allocator
//! settings that keep that peak flat.
//!
//! Linux and glibc only do something here; elsewhere every function is a
//! harmless no-op that returns `None`. This module must not know about
//! documents, stages or outputs: the merge's phase logs and `gongkai bench`
//! call it, it calls nobody.

/// The process's peak resident set size in bytes since start or the last
/// [`reset_peak_rss`] (Linux `VmHWM`), when the platform tells.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Start a new peak (Linux: writing 5 to `clear_refs` resets `VmHWM`).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak memory so far in MB, for the merge's phase logs, after
/// handing back to the system what the phase freed: glibc keeps freed pages
/// in its arenas for reuse, and each phase's polars threads leave them
/// scattered across arenas, so without this the resident set only ever
/// grows through the merge.
pub fn settled_peak_mb() -> Option<u64> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the system; it takes
    // the allocator's locks and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
    peak_rss().map(|b| b / 1_000_000)
}

/// glibc gives each thread that allocates its own arena, up to eight per
/// core, and keeps what they free: polars' query threads left a run of
/// 100,000 documents holding twice the memory it used. One arena per core
/// keeps peak memory flat (measured in the README's benchmarks). Call it
/// first thing in `main`, before any other thread exists.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets an allocator parameter; it is called
        // before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn peak_memory_is_read_on_linux() {
        let peak = super::peak_rss().expect("VmHWM on Linux");
        assert!(
            peak > 1_000_000,
            "a test process uses more than 1 MB: {peak}"
        );
    }
}
