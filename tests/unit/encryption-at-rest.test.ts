// Patient data at rest: the library, the case files and the DICOM store are encrypted, so names and IDs
// cannot be read from anywhere in the data directory without the key.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientSummary } from '../../preload/api.ts';
import { importDicom } from '../../main/services/import/importDicom.ts';
import { openWritable as openEncryptedDb } from '../../main/storage/database.ts';
import { searchWords } from '../../main/library/patientSearch.ts';
import { unlockMasterKey } from '../../main/security/keys.ts';
import { charsetFiles, dicomData, openLibrary, pydicomFiles, removeTempDirs, runCli, tempDir } from './support/env.ts';

const SOURCES = [
  join(pydicomFiles, 'CT_small.dcm'),
  join(pydicomFiles, 'MR_small.dcm'),
  charsetFiles,
  join(dicomData, 'dcm_qa_ct', 'Philips'),
];
const SQLITE_MAGIC = 'SQLite format 3\0';
// Needles shorter than this could turn up by chance in ciphertext: the data directory holds some 30 MB
// of it (the encrypted store included), and a given 4-byte string occurs in 30 MB of random bytes with a
// probability near 1 % (0.4 expected hits over the ~50 needles); at 6 bytes, about 5e-6 in all. Short
// IDs (e.g. 1CT1) are checked in store-encryption.test.ts over a store of two files.
const MIN_NEEDLE_BYTES = 6;

/** What identifies each patient: the ID, each name component and each search term, as UTF-8. */
function needlesOf(patients: PatientSummary[]): string[] {
  const needles = new Set<string>();
  for (const p of patients) {
    for (const n of [p.PatientID, p.PatientBirthDate, ...p.PatientName.split(/[\^=\s]+/), ...searchWords(p.PatientName)]) {
      if (Buffer.byteLength(n) >= MIN_NEEDLE_BYTES) needles.add(n);
    }
  }
  return [...needles];
}

/** The real grep: which needles occur in which files under a folder, optionally leaving dicom/ out. */
function grep(folder: string, needles: string[], options: { excludeStore: boolean }): string[] {
  const args = ['-a', '-r', '-o', '-F', ...(options.excludeStore ? ['--exclude-dir=dicom'] : []), ...needles.flatMap((n) => ['-e', n]), folder];
  const run = spawnSync('grep', args, { encoding: 'utf8' });
  if (run.status === 2 || run.error) throw new Error(`grep failed: ${run.stderr || run.error?.message}`);
  return run.stdout.split('\n').filter(Boolean);
}

function databaseFiles(dataDir: string): string[] {
  const cases = readdirSync(join(dataDir, 'cases')).filter((f) => f.endsWith('.sqlite')).map((f) => join(dataDir, 'cases', f));
  return [join(dataDir, 'library.sqlite'), ...cases];
}

describe('encryption at rest', () => {
  let dataDir: string;
  let patients: PatientSummary[];
  let needles: string[];
  let matchesWhileOpen: string[];

  beforeAll(async () => {
    dataDir = tempDir('at-rest');
    const library = openLibrary(dataDir);
    const report = await importDicom(library, SOURCES);
    expect(report.imported).toBeGreaterThan(10);
    patients = library.searchPatients('', 1000);
    needles = needlesOf(patients);
    // While open, recent pages live in the -wal file: it must be encrypted too.
    expect(existsSync(join(dataDir, 'library.sqlite-wal'))).toBe(true);
    matchesWhileOpen = grep(dataDir, needles, { excludeStore: false });
    library.close();
  });

  afterAll(removeTempDirs);

  it('imported the patients whose names the test looks for', () => {
    const ids = patients.map((p) => p.PatientID);
    expect(ids).toEqual(expect.arrayContaining(['1CT1', '4MR1', 'SCSGREEK', 'SCSRUSS', 'H31EXAMPLE', 'PLASTIC']));
    expect(needles).toEqual(expect.arrayContaining(['CompressedSamples', 'COMPRESSEDSAMPLES', 'Διονυσιος', 'PLASTIC']));
  });

  it('grep finds the same names in plain files: in the imported sources and in an unencrypted SQLite file', () => {
    // The control for the next test: if grep could not see these needles, finding nothing would prove nothing.
    expect(grep(join(dicomData, 'dcm_qa_ct', 'Philips'), ['PLASTIC'], { excludeStore: false }).length).toBeGreaterThan(0);
    expect(grep(pydicomFiles, ['1CT1', 'CompressedSamples'], { excludeStore: false }).length).toBeGreaterThan(0);
    const plainDir = tempDir('plain');
    const plain = new Database(join(plainDir, 'plain.sqlite'));
    plain.exec('CREATE TABLE t (name TEXT)');
    plain.prepare('INSERT INTO t VALUES (?)').run(patients.map((p) => p.PatientName).join('|'));
    plain.close();
    expect(grep(plainDir, needles, { excludeStore: false }).length).toBeGreaterThan(0);
    expect(readFileSync(join(plainDir, 'plain.sqlite')).subarray(0, 16).toString('latin1')).toBe(SQLITE_MAGIC);
  });

  it('no patient name, ID or search term appears anywhere in the data directory, DICOM store included, open or closed', () => {
    // Failing: someone copying library.sqlite, a case file or the store's files reads who the patients are.
    expect(matchesWhileOpen).toEqual([]);
    expect(grep(dataDir, needles, { excludeStore: false })).toEqual([]);
  });

  it('the library and case files do not start with the SQLite header', () => {
    // Failing: the files are plain SQLite databases that any SQLite tool opens.
    const files = databaseFiles(dataDir);
    expect(files.length).toBe(patients.length + 1);
    for (const file of files) expect(readFileSync(file).subarray(0, 16).toString('latin1'), file).not.toBe(SQLITE_MAGIC);
  });

  it('plain better-sqlite3-multiple-ciphers, given no key, cannot read them', () => {
    // Failing: the files open without any key.
    for (const file of databaseFiles(dataDir)) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        expect(() => db.prepare('SELECT count(*) FROM sqlite_master').get(), file).toThrow(/not a database/);
      } finally {
        db.close();
      }
    }
  });

  it('a wrong passphrase is refused with code wrong-key, by the library and by the CLI', () => {
    // Failing: a wrong passphrase opens the data, or fails with an error nobody can act on.
    expect(() => unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: 'not the passphrase' })).toThrow(
      expect.objectContaining({ code: 'wrong-key', message: expect.stringMatching(/passphrase does not open/) }),
    );
    const cli = runCli(['patients', '--data-dir', dataDir, '--json'], { passphrase: 'not the passphrase' });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toMatch(/passphrase does not open this data directory/);
  });

  it('a database file opened with the wrong raw key fails with code wrong-key', () => {
    // Failing: a case file copied next to another library's key is read, or the error is a bare SQLite code.
    for (const file of databaseFiles(dataDir)) {
      expect(() => openEncryptedDb(file, randomBytes(32)), file).toThrow(expect.objectContaining({ code: 'wrong-key' }));
    }
  });
});
