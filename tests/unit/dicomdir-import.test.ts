// Importing a CD by its DICOMDIR: exactly the files the directory lists are imported, in whatever
// encoding the DICOMDIR itself was written (explicit, implicit, big endian, records reordered).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliImport, pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';

const DIRECTORY = join(pydicomFiles, 'dicomdirtests');

/** The files a DICOMDIR lists, read by dcmdump (the reference), as paths that exist. */
function referencedByDcmdump(dicomdir: string): string[] {
  const dump = execFileSync('dcmdump', ['+P', 'ReferencedFileID', dicomdir], { encoding: 'utf8' });
  return [...dump.matchAll(/\[([^\]]+)\]/g)].map((m) => join(DIRECTORY, ...(m[1] ?? '').split('\\'))).filter((p) => existsSync(p));
}

afterAll(removeTempDirs);

describe('DICOMDIR import', () => {
  for (const name of ['DICOMDIR', 'DICOMDIR-implicit', 'DICOMDIR-bigEnd', 'DICOMDIR-reordered']) {
    it(`${name}: imports every file it references, nothing else`, () => {
      const expected = referencedByDcmdump(join(DIRECTORY, name));
      expect(expected.length).toBeGreaterThan(20);
      const { code, report } = cliImport(tempDir('dicomdir'), [join(DIRECTORY, name)]);
      expect(report.failed).toEqual([]);
      expect(code).toBe(0);
      expect(report.imported + report.skipped).toBe(expected.length);
    });
  }

  it('an empty DICOMDIR imports nothing and says so without failing', () => {
    const { code, report } = cliImport(tempDir('dicomdir-empty'), [join(DIRECTORY, 'DICOMDIR-empty.dcm')]);
    expect(report).toEqual({ imported: 0, skipped: 0, conflicts: [], failed: [], dicomdirs: 1 });
    expect(code).toBe(0);
  });
});
