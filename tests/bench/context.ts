// What every bench item shares: options, paths, the `precis` CLI as a measured child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceTools } from './machine.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_DICOM = resolve(REPO_ROOT, '..', 'shared', 'data', 'dicom');
export const CHEST_CT = join(SHARED_DICOM, 'lidc-idri-0314-chest-ct');
export const CT_SMALL = join(SHARED_DICOM, 'pydicom-2.3.1', 'test_files', 'CT_small.dcm');
export const PASSPHRASE = 'precis bench passphrase';
const CLI = join(REPO_ROOT, 'bin', 'precis.mjs');
const PEAK_RSS_HOOK = join(REPO_ROOT, 'tests', 'bench', 'peakRssHook.mjs');

export interface BenchContext {
  runs: number;
  quick: boolean;
  /** A temporary folder on the same disk as every data directory and copy the bench makes. */
  tmp: string;
  references: ReferenceTools;
}

export function freshDir(ctx: BenchContext, label: string): string {
  return mkdtempSync(join(ctx.tmp, `${label}-`));
}

export function remove(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** For --quick: copies of `files` in a folder of their own (names keep their parent folder's). */
export function subsetFolder(ctx: BenchContext, label: string, files: string[]): string {
  const folder = freshDir(ctx, `subset-${label}`);
  for (const file of files) writeFileSync(join(folder, file.split('/').slice(-2).join('_')), readFileSync(file));
  return folder;
}

/** The chest CT folder, or in --quick mode a folder with its first 20 slices. */
export function chestCtFolder(ctx: BenchContext): { folder: string; slices: number } {
  const slices = readdirSync(CHEST_CT).filter((f) => f.endsWith('.dcm')).sort();
  if (!ctx.quick) return { folder: CHEST_CT, slices: slices.length };
  return { folder: subsetFolder(ctx, 'chest-ct', slices.slice(0, QUICK_SLICES).map((f) => join(CHEST_CT, f))), slices: QUICK_SLICES };
}

const QUICK_SLICES = 20;

/** The environment of every Precis child: a passphrase, no prompt, never the user's own key or data. */
export function precisEnv(ctx: BenchContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PRECIS_PASSPHRASE: PASSPHRASE, PRECIS_NO_PROMPT: '1' };
  delete env.PRECIS_DATA_DIR;
  env.PRECIS_KEY_FILE = join(ctx.tmp, 'never-used.key');
  return env;
}

export interface ImportRun {
  /** Wall clock from spawn to exit of `precis import`, ms: process start, key derivation, import. */
  wallMs: number;
  /** getrusage ru_maxrss of the whole process (main and worker thread), kB. */
  peakRssKb: number;
  imported: number;
  failed: number;
}

/** `precis import <paths> --data-dir <dataDir> --json`, timed, with its peak RSS. */
export function precisImport(ctx: BenchContext, paths: string[], dataDir: string): ImportRun {
  const rssFile = join(ctx.tmp, `maxrss-${process.pid}-${Date.now()}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', PEAK_RSS_HOOK, CLI, 'import', ...paths, '--data-dir', dataDir, '--json'], {
    cwd: REPO_ROOT,
    env: { ...precisEnv(ctx), PRECIS_BENCH_MAXRSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  // Exit 2 means some files were not DICOM (the shared folders hold READMEs and broken test files).
  if (run.status !== 0 && run.status !== 2) throw new Error(`precis import exited ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { imported: number; failed: unknown[] };
  const peakRssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : Number.NaN;
  remove(rssFile);
  return { wallMs, peakRssKb, imported: report.imported, failed: report.failed.length };
}
