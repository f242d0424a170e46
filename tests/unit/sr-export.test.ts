// DICOM SR export (issue 13, item 8): a case's measurements of every tool as one TID 1500 SR that DCMTK's
// dsrdump and dicom3tools' dciodvfy read (values, units, patient and study of the source), never written
// over an existing file, audited.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcmdumpTags } from './support/dcmdump.ts';
import { dciodvfy, dsrdump } from './support/dsrdump.ts';
import { openLibrary, removeTempDirs, runCli } from './support/env.ts';
import { CT_FILES, drawAndExport, UCUM, unitKey, type ExportedCase } from './support/srCase.ts';

describe('DICOM SR export (TID 1500)', () => {
  let c: ExportedCase;

  beforeAll(async () => {
    c = await drawAndExport();
  });

  afterAll(removeTempDirs);

  it('dsrdump lists every measurement with its value and unit, under the source patient and study', () => {
    // Failing: a PACS or another viewer shows the report without values, with wrong units, or filed under nobody.
    const dump = dsrdump(c.srFile);
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toMatch(/^Patient\s+: HEAD \(M, #PLASTIC\)$/m);
    const expected = c.drawn.flatMap((a) => Object.entries(a.stats).filter((e): e is [string, number] => typeof e[1] === 'number').map(([key, value]) => ({ a, key, value })));
    expect(dump.nums).toHaveLength(expected.length);
    for (const { a, key, value } of expected) {
      const unit = UCUM[a.stats[unitKey(key)] as string];
      const match = dump.nums.find((n) => Math.abs(Number(n.value) - value) <= 1e-12 * Math.max(1, Math.abs(value)) && n.unit.value === unit && n.unit.scheme === 'UCUM');
      expect(match, `${a.tool} ${key} ${value} ${unit}`).toBeDefined();
      expect(match?.value.length).toBeLessThanOrEqual(16);
      const derivation = { mean: 'Mean', sd: 'Standard Deviation', min: 'Minimum', max: 'Maximum' }[key];
      if (derivation) expect(match?.modifiers.map((m) => m.value.meaning)).toContain(derivation);
    }
    expect(dump.stdout).toContain('"Pleural effusion? — à vérifier"');
    const [sr, ct] = [c.srFile, CT_FILES[0] as string].map((f) => dcmdumpTags([f], ['0010,0010', '0010,0020', '0010,0040', '0020,000d', '0008,0020', '0008,0030', '0020,0010']).get(f)?.values);
    for (const tag of ['0010,0010', '0010,0020', '0010,0040', '0020,000d', '0008,0020', '0008,0030', '0020,0010']) expect(sr?.get(tag), tag).toBe(ct?.get(tag));
  });

  it('dciodvfy finds no error in either report (the CT one in patient mm, the secondary capture one in pixels)', () => {
    // Failing: an archive that validates what it stores refuses the report.
    for (const file of [c.srFile, c.scSrFile]) expect(dciodvfy(file).errors, dciodvfy(file).output).toEqual([]);
  });

  it('never writes over an existing file; the API writes under <dataDir>/exports and the export is audited', () => {
    // Failing: an export silently replaces a report already sent, or leaves no trace of who exported what.
    const again = runCli(['export', 'sr', '--patient', 'PLASTIC', '--out', c.srFile, '--data-dir', c.source]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
    expect(c.exported.file.startsWith(join(c.source, 'exports'))).toBe(true);
    expect(existsSync(c.exported.file) && c.exported.measurements === c.drawn.length && readFileSync(c.exported.file).length === c.exported.bytes).toBe(true);
    const library = openLibrary(c.source);
    try {
      const actions = library.openCase(c.ctCase).handles.read.prepare("SELECT actor FROM case_audit WHERE action = 'case.export-sr'").pluck().all();
      expect(actions).toEqual(['dr-ada', expect.stringMatching(/^cli:/)]);
    } finally {
      library.close();
    }
  });
});
