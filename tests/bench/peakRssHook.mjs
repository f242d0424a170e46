// Loaded with `node --import` into a child process the bench measures. On exit it writes the process's
// peak resident set size in kB (getrusage ru_maxrss: the whole process, so the import's worker thread
// is included) to the file named by PRECIS_BENCH_MAXRSS_FILE. Plain JavaScript on purpose: a .ts hook
// made Node load its type stripper (amaro's WebAssembly) in the CLI and again in its job thread, which
// the bundled CLI never does: +90 MB of peak RSS and ~0.1 s that were the hook's, not the import's.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.PRECIS_BENCH_MAXRSS_FILE;
if (out && isMainThread) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
