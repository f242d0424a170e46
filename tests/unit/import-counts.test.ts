// Imports the whole shared DICOM corpus through the CLI and checks, against DCMTK's dcmdump as an
// independent reader, that every readable image is counted under the right patient, study and series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientSummary } from '../../preload/api.ts';
import type { Library } from '../../main/library/index.ts';
import { dcmdumpTags, type DcmdumpRecord } from './support/dcmdump.ts';
import { cliImport, dicomData, listFiles, openLibrary, removeTempDirs, runCli, tempDir, type ImportJson } from './support/env.ts';

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const TAG = {
  MediaStorageSOPClassUID: '0002,0002',
  PatientID: '0010,0020',
  PatientName: '0010,0010',
  StudyInstanceUID: '0020,000d',
  SeriesInstanceUID: '0020,000e',
  SOPInstanceUID: '0008,0018',
} as const;

/** patient key -> StudyInstanceUID -> SeriesInstanceUID -> number of instances */
type Tree = Record<string, Record<string, Record<string, number>>>;

const value = (r: DcmdumpRecord, tag: string): string => r.values.get(tag) ?? '';
const isDicomdir = (r: DcmdumpRecord): boolean => value(r, TAG.MediaStorageSOPClassUID) === MEDIA_STORAGE_DIRECTORY;
const hasUids = (r: DcmdumpRecord): boolean =>
  [TAG.SOPInstanceUID, TAG.StudyInstanceUID, TAG.SeriesInstanceUID].every((t) => value(r, t) !== '');

/** The grouping rule of the library (patientKeyOf): PatientID, else PatientName, else the study. */
function patientKey(id: string, name: string, study: string): string {
  if (id.trim()) return `id:${id.trim()}`;
  if (name.trim()) return `name:${name.trim()}`;
  return `study:${study}`;
}

/** What dcmdump says the library should hold: distinct SOPInstanceUIDs per patient, study, series. */
function expectedTree(readable: DcmdumpRecord[]): Tree {
  const placeOf = new Map<string, string>();
  const tree: Record<string, Record<string, Record<string, Set<string>>>> = {};
  for (const r of readable) {
    const [sop, study, series] = [value(r, TAG.SOPInstanceUID), value(r, TAG.StudyInstanceUID), value(r, TAG.SeriesInstanceUID)];
    const key = patientKey(value(r, TAG.PatientID), value(r, TAG.PatientName), study);
    // Patient keys are compared as text; dcmdump's are raw bytes, so they must be ASCII here.
    if (/[^\x20-\x7e]/.test(key)) throw new Error(`${r.path}: non-ASCII patient key ${key}; this test compares keys as ASCII`);
    const place = `${key} ${study} ${series}`;
    // A SOP instance in two places would make "first file wins" order-dependent; the corpus has none.
    if (placeOf.has(sop) && placeOf.get(sop) !== place) throw new Error(`${sop} is in two series: ${place} / ${placeOf.get(sop)}`);
    placeOf.set(sop, place);
    ((tree[key] ??= {})[study] ??= {})[series] ??= new Set();
    tree[key][study][series].add(sop);
  }
  return Object.fromEntries(
    Object.entries(tree).map(([k, studies]) => [
      k,
      Object.fromEntries(Object.entries(studies).map(([st, series]) => [st, Object.fromEntries(Object.entries(series).map(([se, sops]) => [se, sops.size]))])),
    ]),
  );
}

/** What the library holds, keyed the same way. */
function actualTree(library: Library, patients: PatientSummary[]): Tree {
  const tree: Tree = {};
  for (const p of patients) {
    const caseFile = library.openCase(p.caseId);
    const studies = caseFile.imaging.listStudies();
    const key = patientKey(p.PatientID, p.PatientName, studies[0]?.StudyInstanceUID ?? '');
    if (tree[key]) throw new Error(`two cases for patient ${key}`);
    tree[key] = Object.fromEntries(
      studies.map((st) => [st.StudyInstanceUID, Object.fromEntries(caseFile.imaging.listSeries(st.StudyInstanceUID).map((se) => [se.SeriesInstanceUID, se.instanceCount]))]),
    );
  }
  return tree;
}

describe('importing every file of shared/data/dicom', () => {
  let files: string[];
  let dump: Map<string, DcmdumpRecord>;
  let report: ImportJson;
  let exitCode: number | null;
  let library: Library;
  let cliPatients: PatientSummary[];

  beforeAll(() => {
    const dataDir = tempDir('counts');
    files = listFiles(dicomData);
    ({ report, code: exitCode } = cliImport(dataDir, [dicomData]));
    dump = dcmdumpTags(files, Object.values(TAG));
    cliPatients = JSON.parse(runCli(['patients', '--data-dir', dataDir, '--json']).stdout) as PatientSummary[];
    library = openLibrary(dataDir);
  });

  afterAll(() => {
    library?.close();
    removeTempDirs();
  });

  const readableWithUids = (): DcmdumpRecord[] => [...dump.values()].filter((r) => r.readable && !isDicomdir(r) && hasUids(r));

  it('accounts for every file: imported + skipped + conflicts + failed + DICOMDIRs (read as an index) = files in the folder', () => {
    // Failing: a file vanished from the import without being imported, skipped or listed as failed.
    const failedPaths = new Set(report.failed.map((f) => f.path));
    const silentDicomdirs = [...dump.values()].filter((r) => isDicomdir(r) && !failedPaths.has(r.path));
    expect(files.length).toBeGreaterThan(600);
    expect(report.dicomdirs).toBe(silentDicomdirs.length);
    expect(report.imported + report.skipped + report.conflicts.length + report.failed.length + report.dicomdirs).toBe(files.length);
    expect(exitCode).toBe(2); // the corpus holds READMEs and broken files on purpose
  });

  it('lists every failed file once, with a reason', () => {
    // Failing: the user sees a failure without being told why, or a path that is not in the folder.
    const all = new Set(files);
    for (const f of report.failed) {
      expect(all.has(f.path), f.path).toBe(true);
      expect(f.reason.trim(), f.path).not.toBe('');
    }
    expect(new Set(report.failed.map((f) => f.path)).size).toBe(report.failed.length);
  });

  it('imports every file that dcmdump reads with its SOP, Study and Series UIDs', () => {
    // Failing: images a reference tool opens are missing from the library, listed as failed.
    const failed = new Map(report.failed.map((f) => [f.path, f.reason]));
    const wronglyFailed = readableWithUids().filter((r) => failed.has(r.path)).map((r) => `${r.path}: ${failed.get(r.path)}`);
    expect(wronglyFailed).toEqual([]);
    const distinctSops = new Set(readableWithUids().map((r) => value(r, TAG.SOPInstanceUID)));
    expect(report.imported).toBe(distinctSops.size);
    // Repeats of a SOP instance: skipped when the bytes are the same, a conflict (not stored) when not.
    expect(report.skipped + report.conflicts.length).toBe(readableWithUids().length - distinctSops.size);
  });

  it('fails, with a reason, every file that dcmdump cannot read or that lacks a UID (DICOMDIRs aside)', () => {
    // Failing: a damaged or non-DICOM file is imported as if it were an image.
    const failed = new Set(report.failed.map((f) => f.path));
    const notImportable = [...dump.values()].filter((r) => !isDicomdir(r) && (!r.readable || !hasUids(r)));
    expect(notImportable.filter((r) => !failed.has(r.path)).map((r) => r.path)).toEqual([]);
  });

  it('skips DICOMDIRs met in a folder without listing them as failed, even one it cannot walk', () => {
    // Failing: importing a CD's folder reports its DICOMDIR (an index, not an image) as a failed file.
    // DICOMDIR-nooffset has record lengths dicom-parser rejects; dcmdump reads it.
    const dicomdirs = [...dump.values()].filter(isDicomdir).map((r) => r.path);
    expect(dicomdirs.some((p) => p.endsWith('DICOMDIR-nooffset'))).toBe(true);
    const failed = new Set(report.failed.map((f) => f.path));
    expect(dicomdirs.filter((p) => failed.has(p))).toEqual([]);
  });

  it('holds, per patient, study and series, as many instances as dcmdump finds distinct SOPInstanceUIDs', () => {
    // Failing: a series shows the wrong number of images, or a patient's studies are split or merged.
    expect(actualTree(library, library.searchPatients('', 100_000))).toEqual(expectedTree(readableWithUids()));
  });

  it('`precis patients --json` reports the same study, series and image counts per patient', () => {
    // Failing: the patient list shows counts that do not match what opening the patient shows.
    const expected = expectedTree(readableWithUids());
    const listed = Object.fromEntries(
      cliPatients.map((p) => {
        const caseStudies = library.openCase(p.caseId).imaging.listStudies();
        return [patientKey(p.PatientID, p.PatientName, caseStudies[0]?.StudyInstanceUID ?? ''), [p.studyCount, p.seriesCount, p.instanceCount]];
      }),
    );
    const counted = Object.fromEntries(
      Object.entries(expected).map(([key, studies]) => {
        const series = Object.values(studies).flatMap((s) => Object.values(s));
        return [key, [Object.keys(studies).length, series.length, series.reduce((a, b) => a + b, 0)]];
      }),
    );
    expect(listed).toEqual(counted);
  });
});
