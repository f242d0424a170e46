// Ctrl+C during an import: the CLI stops, says the import was cancelled (exit 130), commits no half
// series, and a second run completes it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { cliImport, lidcSeries, openLibrary, removeTempDirs, startCli, tempDir, type ImportJson } from './support/env.ts';

const SLICES = 275;

/** Files renamed into the store (dicom/<case>/<name>), not the partial copies in dicom/.incoming. */
function storedFiles(dataDir: string): number {
  try {
    return readdirSync(join(dataDir, 'dicom'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .reduce((n, entry) => n + readdirSync(join(dataDir, 'dicom', entry.name)).length, 0);
  } catch {
    return 0;
  }
}

afterAll(removeTempDirs);

describe('cancelling an import', () => {
  it('SIGINT midway: exit 130, report cancelled, the series all-or-nothing; re-running completes it', async () => {
    const dataDir = tempDir('cancel');
    const child = startCli(['import', lidcSeries, '--data-dir', dataDir, '--json']);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (storedFiles(dataDir) <= 30 && Date.now() < deadline && child.exitCode === null) await sleep(2);
    const storedAtSignal = storedFiles(dataDir);
    child.kill('SIGINT');
    const code = await exited;

    expect(storedAtSignal).toBeLessThan(SLICES);
    expect(code).toBe(130);
    expect(stderr).toMatch(/cancel/i);
    const report = JSON.parse(stdout) as ImportJson;
    expect(report.imported).toBe(0);

    const library = openLibrary(dataDir);
    try {
      const counts = library.caseIds().map((id) => library.openCase(id).imaging.counts().instances);
      expect(counts.every((n) => n === 0)).toBe(true);
      expect(library.searchPatients('', 10)).toEqual([]);
    } finally {
      library.close();
    }

    const again = cliImport(dataDir, [lidcSeries]);
    expect(again.report.imported).toBe(SLICES);
  });
});
