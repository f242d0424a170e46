// Loaded with `node --import` into a child process the bench measures. On exit it writes the process's
// peak resident set size in kB to the file named by PRECIS_BENCH_MAXRSS_FILE: VmHWM of /proc/self/status,
// the high-water mark of this process' own memory (all its threads, the import's worker included).
// Not getrusage's ru_maxrss: Linux carries that across exec from the parent's memory at spawn, so a bench
// process holding 350 MB made every child report at least 350 MB.
// Plain JavaScript on purpose: a .ts hook made Node load its type stripper (amaro's WebAssembly) in the
// CLI and again in its job thread, which the bundled CLI never does: +90 MB and ~0.1 s that were the hook's.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.PRECIS_BENCH_MAXRSS_FILE;
if (out && isMainThread) {
  process.on('exit', () => {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    writeFileSync(out, hwm ? hwm[1] : String(process.resourceUsage().maxRSS));
  });
}
