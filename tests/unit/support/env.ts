// Shared ground for the integration tests: where the real data lives, temporary data directories,
// the `precis` CLI as a child process, and the library opened with the same passphrase.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Library } from '../../../main/library/index.ts';
import type { ErrorCode } from '../../../preload/errorCodes.ts';
import { unlockMasterKey } from '../../../main/security/keys.ts';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const sharedData = resolve(repoRoot, '..', 'shared', 'data');
export const dicomData = join(sharedData, 'dicom');
export const pydicomFiles = join(dicomData, 'pydicom-2.3.1', 'test_files');
export const charsetFiles = join(dicomData, 'pydicom-2.3.1', 'charset_files');
export const lidcSeries = join(dicomData, 'lidc-idri-0314-chest-ct');

export const PASSPHRASE = 'integration-test passphrase';
const CLI = join(repoRoot, 'bin', 'precis.mjs');

const created: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs(). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `precis-${label}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every regular file under a folder (absolute paths), sorted. */
export function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function cliEnv(passphrase = PASSPHRASE): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PRECIS_PASSPHRASE: passphrase, PRECIS_NO_PROMPT: '1' };
  delete env.PRECIS_DATA_DIR;
  // Never fall back to (or create) the user's real machine key.
  env.PRECIS_KEY_FILE = join(tmpdir(), 'precis-tests-never-used.key');
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `precis <args>` to completion. */
export function runCli(args: string[], options: { passphrase?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: repoRoot, env: cliEnv(options.passphrase), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `precis <args>` without waiting for it. */
export function startCli(args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function openLibrary(dataDir: string, passphrase = PASSPHRASE): Library {
  return Library.open(dataDir, unlockMasterKey(dataDir, { kind: 'passphrase', passphrase }));
}

/** `precis import <paths> --json` into dataDir; returns the parsed report and the exit code. */
export function cliImport(dataDir: string, paths: string[]): { code: number | null; report: ImportJson; stderr: string } {
  const result = runCli(['import', ...paths, '--data-dir', dataDir, '--json']);
  return { code: result.code, report: JSON.parse(result.stdout) as ImportJson, stderr: result.stderr };
}

/** What `precis import --json` prints: every file found is in exactly one of these. */
export interface ImportJson {
  imported: number;
  skipped: number;
  conflicts: Array<{ path: string; SOPInstanceUID: string; code: 'conflict'; reason: string }>;
  failed: Array<{ path: string; code: ErrorCode; reason: string }>;
  dicomdirs: number;
}
