// `precis export case` / `precis import case`: a patient's whole case moves to another data directory
// (another master passphrase) in one file under an export passphrase, and comes back identical.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core.ts';
import { saveAnnotation, setFinding } from '../../main/services/annotations.ts';
import { openContainer } from '../../main/services/exportContainer.ts';
import type { PatientSummary } from '../../preload/api.ts';
import { dcmdumpTags } from './support/dcmdump.ts';
import { cliEnv, cliImport, lidcSeries, openLibrary, removeTempDirs, repoRoot, tempDir, type CliResult } from './support/env.ts';

const LIDC_PATIENT = 'LIDC-IDRI-0314';
const SOURCE_PASSPHRASE = 'integration-test passphrase';
const TARGET_PASSPHRASE = 'another library, another passphrase';
const EXPORT_PASSPHRASE = 'courier pigeon lighthouse 42';

/** `precis <args>` with a chosen data directory passphrase and export passphrase. */
function precis(args: string[], passphrase: string, exportPassphrase: string): CliResult {
  const env = { ...cliEnv(passphrase), PRECIS_EXPORT_PASSPHRASE: exportPassphrase };
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'precis.mjs'), ...args], { cwd: repoRoot, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const json = <T,>(run: CliResult): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

/** A reader's work on the case before it is exported: a length promoted to a target finding, an ellipse, a link. */
async function drawOn(dataDir: string): Promise<void> {
  const core = openCore(dataDir, { kind: 'passphrase', passphrase: SOURCE_PASSPHRASE }, 'reader-1');
  try {
    const caseId = core.library.searchPatients('', 10)[0]?.caseId ?? '';
    const caseFile = core.library.openCase(caseId);
    const [first] = caseFile.imaging.listInstances(caseFile.imaging.listSeries(caseFile.imaging.listStudies()[0]?.StudyInstanceUID ?? '')[0]?.SeriesInstanceUID ?? '');
    if (!first) throw new Error('no LIDC instance');
    const base = { SOPInstanceUID: first.SOPInstanceUID, frame: 1, SeriesInstanceUID: first.SeriesInstanceUID, FrameOfReferenceUID: '1.2.3.4', label: '' };
    saveAnnotation(core, caseId, { ...base, annotationUID: 'length-1', tool: 'Length', points: [[-100.123456789, 20.5, -624.8], [-80.25, 31.75, -624.8]], geometry: { viewPlaneNormal: [0, 0, -1] }, stats: { length: 22.9876543, lengthUnit: 'mm' } });
    saveAnnotation(core, caseId, { ...base, annotationUID: 'ellipse-1', tool: 'EllipticalROI', points: [[0, -10, -624.8], [0, 10, -624.8], [-8, 0, -624.8], [8, 0, -624.8]], geometry: {}, stats: { mean: -812.25, meanUnit: 'HU', area: 502.65, areaUnit: 'mm²' } });
    setFinding(core, caseId, 'length-1', { label: 'Lesion 1', location: 'right upper lobe', target: true });
    caseFile.frameLinks.link('1.2.3.4', '5.6.7.8', [0, 0, 30], 'reader-1');
  } finally {
    await core.close();
  }
}

describe('precis export case / import case', () => {
  let source: string;
  let target: string;
  let exportFile: string;

  beforeAll(async () => {
    source = tempDir('case-export-a');
    target = tempDir('case-export-b');
    exportFile = join(tempDir('case-export-file'), 'lidc.precis-case');
    expect(cliImport(source, [lidcSeries]).report.imported).toBe(275);
    await drawOn(source);
    json(precis(['export', 'case', '--patient', LIDC_PATIENT, '--out', exportFile, '--data-dir', source, '--json'], SOURCE_PASSPHRASE, EXPORT_PASSPHRASE));
  }, 120_000);

  afterAll(removeTempDirs);

  it('writes one file in which nothing of the patient can be read without the export passphrase', () => {
    // Failing: an export file lost in the post or on a USB stick discloses the patient's name, ID or images.
    const bytes = readFileSync(exportFile);
    expect(bytes.length).toBeGreaterThan(100_000_000);
    expect(bytes.indexOf(LIDC_PATIENT)).toBe(-1);
    // A Part 10 file in clear: the DICM prefix followed by the first meta element (0002,0000) UL. ('DICM'
    // alone, 4 bytes, occurs by chance in 100 MB of ciphertext about once in 40 exports.)
    expect(bytes.indexOf(Buffer.from('DICM\x02\x00\x00\x00UL', 'latin1'))).toBe(-1);
    expect(bytes.indexOf('SQLite format 3')).toBe(-1);
  });

  it('refuses a wrong export passphrase with code wrong-key, and restores nothing', async () => {
    // Failing: a mistyped passphrase produces a half-imported or garbage case instead of a clear refusal.
    await expect(openContainer(exportFile, 'not the export passphrase')).rejects.toMatchObject({ code: 'wrong-key' });
    const wrong = precis(['import', 'case', exportFile, '--data-dir', target], TARGET_PASSPHRASE, 'not the export passphrase');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/does not open the export file.*passphrase given at export/);
    expect(json<PatientSummary[]>(precis(['patients', '--data-dir', target, '--json'], TARGET_PASSPHRASE, ''))).toEqual([]);
  });

  it('restores the same patient, studies, series and instances in another data directory', () => {
    // Failing: a case moved to another workstation arrives with missing series or images, or unlisted.
    const imported = json<{ caseId: string; instances: number }>(precis(['import', 'case', exportFile, '--data-dir', target, '--json'], TARGET_PASSPHRASE, EXPORT_PASSPHRASE));
    expect(imported.instances).toBe(275);
    const listed = (dir: string, pass: string) => json<PatientSummary[]>(precis(['patients', '--data-dir', dir, '--json'], pass, ''));
    expect(listed(target, TARGET_PASSPHRASE)).toEqual(listed(source, SOURCE_PASSPHRASE));
    const series = (dir: string, pass: string) => json<unknown>(precis(['series', LIDC_PATIENT, '--data-dir', dir, '--json'], pass, ''));
    expect(series(target, TARGET_PASSPHRASE)).toEqual(series(source, SOURCE_PASSPHRASE));
  });

  it('brings the readers\' measurements, findings and links along, the same to the last digit', async () => {
    // Failing: a case moved to another workstation arrives without the radiologist's measurements.
    const annotations = (dir: string, pass: string) => json<Array<Record<string, unknown>>>(precis(['annotations', '--patient', LIDC_PATIENT, '--data-dir', dir, '--json'], pass, ''));
    const there = annotations(target, TARGET_PASSPHRASE);
    expect(there).toHaveLength(2);
    expect(there).toEqual(annotations(source, SOURCE_PASSPHRASE));
    expect(there.find((a) => a.annotationUID === 'length-1')).toMatchObject({ points: [[-100.123456789, 20.5, -624.8], [-80.25, 31.75, -624.8]], finding: { label: 'Lesion 1', target: true } });
    const core = openCore(target, { kind: 'passphrase', passphrase: TARGET_PASSPHRASE }, 'reader-2');
    try {
      const caseId = core.library.searchPatients('', 10)[0]?.caseId ?? '';
      expect(core.library.openCase(caseId).frameLinks.list().map((l) => l.offset)).toEqual([[0, 0, 30], [0, 0, -30]]);
    } finally {
      await core.close();
    }
  });

  it('keeps the pixels: the restored case exports DICOM byte for byte equal (cmp) to the originals', () => {
    // Failing: images are altered or lost on the way through the export file.
    const out = join(tempDir('case-export-dicom'), 'out');
    const exported = json<{ files: Array<{ SOPInstanceUID: string; path: string }> }>(
      precis(['export', 'dicom', '--patient', LIDC_PATIENT, '--out', out, '--data-dir', target, '--json'], TARGET_PASSPHRASE, ''),
    );
    const sources = readdirSync(lidcSeries).filter((n) => n.endsWith('.dcm')).map((n) => join(lidcSeries, n));
    const byUid = new Map([...dcmdumpTags(sources, ['0008,0018'])].map(([path, r]) => [r.values.get('0008,0018'), path]));
    expect(exported.files.length).toBe(275);
    for (const file of exported.files) {
      expect(spawnSync('cmp', [byUid.get(file.SOPInstanceUID) as string, file.path]).status, file.path).toBe(0);
    }
  });

  it('records the export and the import in the audit chains of both libraries, and they verify', () => {
    // Failing: a case leaves or enters a library without a trace, or its history is lost on the way.
    const sourceLibrary = openLibrary(source, SOURCE_PASSPHRASE);
    const targetLibrary = openLibrary(target, TARGET_PASSPHRASE);
    try {
      const actions = (db: typeof sourceLibrary.db, table: string) => db.prepare(`SELECT action FROM ${table}`).pluck().all() as string[];
      expect(actions(sourceLibrary.db, 'audit_events')).toContain('case.export');
      expect(actions(targetLibrary.db, 'audit_events')).toContain('case.import');
      const caseId = targetLibrary.caseIds()[0] as string;
      const caseActions = actions(targetLibrary.openCase(caseId).db, 'case_audit');
      // The case's own chain travelled: its import history from the first library, then its export and import.
      expect(caseActions.filter((a) => a === 'series.import').length).toBeGreaterThan(0);
      const exportedAt = caseActions.indexOf('case.export');
      expect(exportedAt).toBeGreaterThan(caseActions.lastIndexOf('series.import'));
      expect(caseActions.indexOf('case.import')).toBe(exportedAt + 1);
    } finally {
      sourceLibrary.close();
      targetLibrary.close();
    }
    expect(json<{ ok: boolean }>(precis(['audit', 'verify', '--data-dir', target, '--json'], TARGET_PASSPHRASE, '')).ok).toBe(true);
  });

  it('refuses to import a patient the library already holds, rather than merging', () => {
    // Failing: importing the same case twice silently merges or duplicates a patient's records.
    const again = precis(['import', 'case', exportFile, '--data-dir', target], TARGET_PASSPHRASE, EXPORT_PASSPHRASE);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds patient LIDC-IDRI-0314 .*nothing was merged/);
    expect(json<PatientSummary[]>(precis(['patients', '--data-dir', target, '--json'], TARGET_PASSPHRASE, '')).length).toBe(1);
  });

  it('refuses a weak export passphrase before writing anything', () => {
    // Failing: a case leaves the machine protected by "1234".
    const out = join(tempDir('case-export-weak'), 'weak.precis-case');
    const weak = precis(['export', 'case', '--patient', LIDC_PATIENT, '--out', out, '--data-dir', source], SOURCE_PASSPHRASE, 'short1');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/too weak .*at least 12 characters/);
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });
});
