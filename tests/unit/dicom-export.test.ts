// `precis export dicom`: the original DICOM bytes come back out of the encrypted store exactly, one file
// per instance, and an export never overwrites a file that is already there.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcmdumpTags } from './support/dcmdump.ts';
import { cliImport, lidcSeries, listFiles, removeTempDirs, runCli, tempDir } from './support/env.ts';

const LIDC_PATIENT = 'LIDC-IDRI-0314';

interface DicomExportJson {
  caseId: string;
  folder: string;
  files: Array<{ SOPInstanceUID: string; path: string }>;
  bytes: number;
}

/** The source file of every SOP Instance UID in a folder, as DCMTK reads it. */
function sourcesByUid(folder: string): Map<string, string> {
  const files = readdirSync(folder).filter((name) => name.endsWith('.dcm')).map((name) => join(folder, name));
  const byUid = new Map<string, string>();
  for (const [path, record] of dcmdumpTags(files, ['0008,0018'])) byUid.set(record.values.get('0008,0018') ?? '', path);
  return byUid;
}

describe('precis export dicom', () => {
  let dataDir: string;
  let outDir: string;
  let exported: DicomExportJson;

  beforeAll(() => {
    dataDir = tempDir('dicom-export');
    outDir = join(tempDir('dicom-export-out'), 'chest');
    // The folder also holds two files that are not DICOM: the import stores 275 and reports those (exit 2).
    expect(cliImport(dataDir, [lidcSeries]).report.imported).toBe(275);
    const run = runCli(['export', 'dicom', '--patient', LIDC_PATIENT, '--out', outDir, '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    exported = JSON.parse(run.stdout) as DicomExportJson;
  }, 120_000);

  afterAll(removeTempDirs);

  it('writes every stored instance of the LIDC chest CT, each byte for byte equal (cmp) to its source', () => {
    // Failing: a user who exports a case to send it to a PACS or a colleague gets altered, missing or
    // extra images: the export is not the study that was imported.
    const sources = sourcesByUid(lidcSeries);
    expect(sources.size).toBe(275);
    const written = listFiles(outDir);
    expect(written.length).toBe(275);
    expect(exported.files.length).toBe(275);
    for (const file of exported.files) {
      const source = sources.get(file.SOPInstanceUID);
      expect(source, file.SOPInstanceUID).toBeDefined();
      const cmp = spawnSync('cmp', [source as string, file.path], { encoding: 'utf8' });
      expect(cmp.status, `${file.path}: ${cmp.stdout}${cmp.stderr}`).toBe(0);
    }
    expect(new Set(exported.files.map((f) => f.SOPInstanceUID)).size).toBe(275);
    expect(exported.bytes).toBe(written.reduce((sum, path) => sum + statSync(path).size, 0));
  });

  it('names files <StudyDate>_S<SeriesNumber>_<Modality>/<InstanceNumber>.dcm, nothing about the store', () => {
    // Failing: the exported folder has opaque store names, and a person cannot tell series or slices apart.
    const names = listFiles(outDir).map((path) => relative(outDir, path));
    for (const name of names) expect(name).toMatch(/^(\d{8}|undated)_S(\d+|x)_CT\/(\d{4}|[0-9.]+)\.dcm$/);
    expect(new Set(names.map((n) => n.split('/')[0])).size).toBe(1);
  });

  it('refuses to export over existing files, and leaves them as they were', () => {
    // Failing: exporting twice into one folder silently replaces files a user may already have sent on
    // or edited.
    const first = exported.files[0]?.path as string;
    const before = readFileSync(first);
    const again = runCli(['export', 'dicom', '--patient', LIDC_PATIENT, '--out', outDir, '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists: export into an empty folder; nothing was written/);
    expect(readFileSync(first).equals(before)).toBe(true);
    expect(listFiles(outDir).length).toBe(275);
  });
});
