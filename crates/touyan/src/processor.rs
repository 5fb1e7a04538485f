//! Where the demo loader's threads run.

/// Keeps the calling thread, and every thread it starts from now on, on the processor it
/// runs on. The loader waits on SQLite's connection thread for each of its tens of thousands
/// of statements; on one processor each hand-off is a switch between two threads, across two
/// it wakes the other processor, which costs several times more on a virtual machine (the
/// figures are in docs/benchmarks.md, "Demo first start"). Only the loader's own threads are
/// held: they end with it, and the server's threads are left where the system puts them.
#[cfg(target_os = "linux")]
pub(crate) fn stay_on_one_processor() {
    // SAFETY: `sched_getcpu` has no preconditions; the set is a zeroed bit array owned here,
    // `CPU_SET` writes one bit of it in bounds (checked against `CPU_SETSIZE`), and
    // `sched_setaffinity` only reads it for the calling thread (pid 0).
    unsafe {
        let Ok(cpu) = usize::try_from(libc::sched_getcpu()) else {
            return;
        };
        if cpu >= libc::CPU_SETSIZE as usize {
            return;
        }
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn stay_on_one_processor() {}
