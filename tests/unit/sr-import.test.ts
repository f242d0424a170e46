// DICOM SR import (issue 13, item 9): Precis' own report imported into another library holding the same
// images gives the same annotations again (tools, points in handle order, values, units, labels,
// findings), once only, also when imported with its images or after an import killed before attaching it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomHeaderSized } from '../../main/dicom/headers.ts';
import { sourceReader } from '../../main/dicom/source.ts';
import { importSeries } from '../../main/services/import/importSeries.ts';
import type { AnnotationRecord, PatientPoint } from '../../preload/api.ts';
import { dsrdump } from './support/dsrdump.ts';
import { cliImport, openLibrary, removeTempDirs, runCli, tempDir } from './support/env.ts';
import { CT_FILES, drawAndExport, SOURCES, type ExportedCase } from './support/srCase.ts';

type MeasurementReports = Array<Record<string, unknown>>;
const reportsOf = (report: unknown): MeasurementReports => (report as { measurementReports: MeasurementReports }).measurementReports;

describe('DICOM SR import of a Precis report (TID 1500)', () => {
  let c: ExportedCase;

  beforeAll(async () => {
    c = await drawAndExport();
  });

  afterAll(removeTempDirs);

  it('imported into a library with the same images, every measurement is the same annotation again, and only once', () => {
    // Failing: measurements sent as DICOM SR arrive moved, with handles swapped, other values or units, without
    // their labels or findings, or twice when the report is imported again.
    const target = tempDir('sr-target');
    expect(cliImport(target, SOURCES).report.imported).toBe(SOURCES.length);
    const first = cliImport(target, [c.srFile, c.scSrFile]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.report.imported).toBe(2);
    expect(reportsOf(first.report).map((r) => [r.annotations, r.measurements, r.alreadyImported, r.problem])).toEqual([[c.drawn.length, 0, false, null], [1, 0, false, null]]);
    const listed = runCli(['annotations', '--patient', 'PLASTIC', '--data-dir', target, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const back = JSON.parse(listed.stdout) as Array<{ annotationUID: string; tool: string; points: PatientPoint[]; stats: unknown; label: string; finding: unknown; frame: number; author: string }>;
    expect(back.map((b) => b.annotationUID).sort()).toEqual(c.drawn.map((d) => d.annotationUID).sort());
    const observer = /PNAME:\(121008,DCM,"Person Observer Name"\)="([^"]*)"/.exec(dsrdump(c.srFile).stdout)?.[1];
    for (const b of back) {
      const d = c.drawn.find((x) => x.annotationUID === b.annotationUID) as AnnotationRecord;
      expect({ tool: b.tool, stats: b.stats, label: b.label, finding: b.finding, frame: b.frame, author: b.author }).toEqual({ tool: d.tool, stats: d.stats, label: d.label, finding: d.finding, frame: d.frame, author: observer });
      expect(b.points).toHaveLength(d.points.length);
      b.points.forEach((p, k) => p.forEach((v, axis) => expect(Math.abs(v - (d.points[k]?.[axis] ?? NaN)), `${d.tool} point ${k}`).toBeLessThan(0.01)));
    }
    const library = openLibrary(target);
    try {
      const records = library.openCase(library.findCase('PLASTIC') ?? '').annotations.list();
      for (const r of records) expect(r.geometry).toEqual(c.drawn.find((d) => d.annotationUID === r.annotationUID)?.geometry);
      const sc = library.openCase(library.findCase('ID1') ?? '').annotations.list();
      expect(sc.map((r) => [r.tool, r.frame, r.FrameOfReferenceUID, r.label, r.stats])).toEqual([['Length', 2, null, 'SC length', { length: 78.12, lengthUnit: 'px' }]]);
    } finally {
      library.close();
    }
    const again = cliImport(target, [c.srFile]);
    expect(again.report.skipped).toBe(1);
    expect(reportsOf(again.report)[0]).toMatchObject({ annotations: 0, alreadyImported: true });
    expect(JSON.parse(runCli(['annotations', '--patient', 'PLASTIC', '--data-dir', target, '--json']).stdout)).toHaveLength(c.drawn.length);
  });

  it('a report an import stored but was killed before attaching is attached by the next import of it', async () => {
    // Failing: after a crash mid-import, the report is in the library but its measurements never appear.
    const target = tempDir('sr-killed');
    expect(cliImport(target, CT_FILES).code).toBe(0);
    const library = openLibrary(target);
    try {
      // The SR committed as any instance, without what the end of the import does: what a kill there leaves.
      const reader = sourceReader(null);
      const { header, size } = await readDicomHeaderSized(c.srFile, reader);
      expect((await importSeries([{ path: c.srFile, header, size }], { library, reader })).imported).toBe(1);
      expect(library.openCase(library.findCase('PLASTIC') ?? '').annotations.count()).toBe(0);
    } finally {
      library.close();
    }
    const again = cliImport(target, [c.srFile]);
    expect(again.report).toMatchObject({ imported: 0, skipped: 1 });
    expect(reportsOf(again.report)[0]).toMatchObject({ annotations: c.drawn.length, alreadyImported: false });
  });

  it('a report imported with its images in one import is attached once they are in, audited as the importer', () => {
    // Failing: a folder holding both the CT and its report needs importing twice before the measurements show.
    const target = tempDir('sr-together');
    const run = cliImport(target, [c.srFile, ...CT_FILES]);
    expect(run.code, run.stderr).toBe(0);
    const library = openLibrary(target);
    try {
      const caseFile = library.openCase(library.findCase('PLASTIC') ?? '');
      expect(caseFile.annotations.count()).toBe(c.drawn.length);
      const audit = caseFile.handles.read.prepare("SELECT actor, action FROM case_audit WHERE action IN ('annotation.create', 'report.import')").all() as Array<{ actor: string; action: string }>;
      expect(audit.filter((a) => a.action === 'annotation.create')).toHaveLength(c.drawn.length);
      expect(audit.at(-1)?.action).toBe('report.import');
      expect(new Set(audit.map((a) => a.actor)).size).toBe(1);
      expect(caseFile.checkAudit().brokenAt).toBeNull();
    } finally {
      library.close();
    }
  });
});
