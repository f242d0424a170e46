// Two or three imports of the same new patient into one data directory at the same moment (a `precis
// import` while the app imports the same CD): one case, every instance once, and each process accounts
// for every file it found (imported + skipped + conflicts + failed = files found).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliImport, lidcSeries, openLibrary, pydicomFiles, removeTempDirs, tempDir, type ImportJson } from './support/env.ts';
import { runAllAtOnce, type Finished } from './support/processes.ts';

const SLICES = 275;
const TEXT_FILES = 2; // LICENSE-repo-Apache-2.0 and SOURCE.md

afterAll(removeTempDirs);

describe('three `precis import` of the chest CT into one data directory at once', () => {
  const dataDir = tempDir('races');
  let runs: Finished[];
  let reports: ImportJson[];

  beforeAll(async () => {
    // The data directory (and its keyring) exists before the race: another patient, one small file.
    expect(cliImport(dataDir, [join(pydicomFiles, 'CT_small.dcm')]).code).toBe(0);
    runs = await runAllAtOnce([1, 2, 3].map(() => ['import', lidcSeries, '--data-dir', dataDir, '--json']));
    reports = runs.map((r) => JSON.parse(r.stdout || 'null') as ImportJson);
  }, 120_000);

  it('every process finishes normally (exit 2 for the two text files), none on a UNIQUE constraint', () => {
    // Failing: one of two imports of the same CD dies with "UNIQUE constraint failed".
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/UNIQUE|SQLITE_BUSY|locked/);
      expect(run.code, run.stderr).toBe(2);
    }
  });

  it('each process accounts for all 275 slices: imported + skipped = 275, and the imports sum to 275', () => {
    // Failing: the report says "imported 0, skipped 0" for 275 valid files another process stored meanwhile.
    for (const report of reports) {
      expect(report.imported + report.skipped + report.conflicts.length).toBe(SLICES);
      expect(report.conflicts).toEqual([]);
      expect(report.failed.map((f) => f.code)).toEqual(Array(TEXT_FILES).fill('not-dicom'));
    }
    expect(reports.reduce((n, r) => n + r.imported, 0)).toBe(SLICES);
  });

  it('the library holds one case for the patient, with 275 instances, and its counts agree', () => {
    // Failing: the patient appears twice in the list, or with doubled or missing images.
    const library = openLibrary(dataDir);
    try {
      const patients = library.searchPatients('', 100);
      expect(patients).toHaveLength(2); // the chest CT's patient and CT_small's
      expect(library.caseIds()).toHaveLength(2);
      const ct = patients.find((p) => p.instanceCount === SLICES);
      expect(ct, JSON.stringify(patients)).toBeDefined();
      expect(library.openCase(ct?.caseId as string).imaging.counts()).toEqual({ studies: 1, series: 1, instances: SLICES });
    } finally {
      library.close();
    }
  });
});
