// Small statistics and process helpers shared by the bench items.
import { readFileSync } from 'node:fs';

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** A seeded pseudo-random generator (mulberry32), so every run queries the same targets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fields of /proc/<pid>/status in kB (VmRSS, VmHWM, RssAnon...), or null when the process is gone. */
export function procStatusKb(pid: number): Record<string, number> | null {
  try {
    const out: Record<string, number> = {};
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const match = /^(\w+):\s+(\d+) kB$/.exec(line);
      if (match) out[match[1] as string] = Number(match[2]);
    }
    return out;
  } catch {
    return null;
  }
}

/** Megabytes as the issue counts them (275 x 512 x 512 x 2 bytes = 144 MB): 10^6 bytes. */
export const MB = 1_000_000;
/** /proc and getrusage report kB meaning KiB. */
export const kbToMb = (kb: number): number => (kb * 1024) / MB;

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
