// Loaded with `node --import` into a child process the bench measures. On exit it writes the process's
// peak resident set size in kB (getrusage ru_maxrss: the whole process, so the import's worker thread
// is included) to the file named by PRECIS_BENCH_MAXRSS_FILE.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.PRECIS_BENCH_MAXRSS_FILE;
if (out && isMainThread) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
