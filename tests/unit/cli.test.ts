// The `precis` command line as a user or a script calls it: output shapes, exit codes, messages on
// stderr, listing, and patient search by name, ID and birth date, including names in other scripts.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientSummary, SeriesSummary, StudySummary } from '../../preload/api.ts';
import type { Library } from '../../main/library/index.ts';
import { dcmdumpTags, dcmdumpUtf8 } from './support/dcmdump.ts';
import { charsetFiles, cliImport, openLibrary, pydicomFiles, removeTempDirs, runCli, tempDir, type ImportJson } from './support/env.ts';

const CT_SMALL = join(pydicomFiles, 'CT_small.dcm');
const MR_SMALL = join(pydicomFiles, 'MR_small.dcm');
const README = join(pydicomFiles, 'README.txt');

interface SeriesJson {
  patient: PatientSummary;
  studies: Array<StudySummary & { series: SeriesSummary[] }>;
}

function iconv(bytes: Buffer, from: string): string {
  const run = spawnSync('iconv', ['-f', from, '-t', 'UTF-8'], { input: bytes });
  if (run.status !== 0) throw new Error(`iconv -f ${from} failed: ${run.stderr.toString()}`);
  return run.stdout.toString('utf8');
}

/** Raw bytes of a top-level value, as dcmdump reads them (no character set conversion). */
function rawValue(file: string, tag: string): Buffer {
  const record = dcmdumpTags([file], [tag, '0008,0005']).get(file);
  return Buffer.from(record?.values.get(tag) ?? '', 'latin1');
}

/**
 * Reference decoding of a Japanese PN with ISO 2022 escapes (dcmdump +U8 cannot: this iconv has no
 * ISO 2022 IR 87 for DCMTK): the bytes before the first escape are JIS X 0201 (Shift_JIS single bytes)
 * when value 1 of Specific Character Set is ISO 2022 IR 13, else ASCII; the rest is ISO-2022-JP.
 */
function japaneseReference(file: string): string {
  const raw = rawValue(file, '0010,0010');
  const charset = dcmdumpTags([file], ['0008,0005']).get(file)?.values.get('0008,0005') ?? '';
  const escape = raw.indexOf(0x1b);
  const head = raw.subarray(0, escape < 0 ? raw.length : escape);
  const tail = escape < 0 ? Buffer.alloc(0) : raw.subarray(escape);
  const headText = charset.startsWith('ISO 2022 IR 13') ? iconv(head, 'SHIFT_JIS') : head.toString('latin1');
  return (headText + iconv(tail, 'ISO-2022-JP')).trim();
}

describe('precis CLI', () => {
  let dataDir: string;
  let clean: ReturnType<typeof cliImport>;
  let mixed: ReturnType<typeof cliImport>;
  let patients: PatientSummary[];

  const search = (query: string): string[] => {
    const run = runCli(['patients', '--query', query, '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as PatientSummary[]).map((p) => p.PatientID).sort();
  };

  beforeAll(() => {
    dataDir = tempDir('cli');
    clean = cliImport(dataDir, [CT_SMALL]);
    mixed = cliImport(dataDir, [MR_SMALL, charsetFiles, README]);
    patients = JSON.parse(runCli(['patients', '--data-dir', dataDir, '--json']).stdout) as PatientSummary[];
  });

  afterAll(removeTempDirs);

  describe('import', () => {
    it('--json prints exactly { imported, skipped, conflicts, failed: [{ path, code, reason }], dicomdirs } and exits 0 on a clean import', () => {
      // Failing: scripts that parse the import report break, or a clean import looks like a failure.
      expect(clean.code).toBe(0);
      expect(clean.report).toStrictEqual({ imported: 1, skipped: 0, conflicts: [], failed: [], dicomdirs: 0 } satisfies ImportJson);
      expect(clean.stderr).toBe('');
    });

    it('exits 2 and says so on stderr when some files fail, listing each with its reason', () => {
      // Failing: a script cannot tell that part of an import failed, or why.
      expect(mixed.code).toBe(2);
      expect(Object.keys(mixed.report).sort()).toEqual(['conflicts', 'dicomdirs', 'failed', 'imported', 'skipped']);
      for (const f of mixed.report.failed) expect(Object.keys(f).sort()).toEqual(['code', 'path', 'reason']);
      expect(mixed.report.failed.find((f) => f.path === README)).toMatchObject({ code: 'not-dicom', reason: 'not a DICOM file' });
      expect(mixed.report.failed.find((f) => f.path.endsWith('chrSQEncoding.dcm'))).toMatchObject({ code: 'missing-uid', reason: expect.stringMatching(/no SOPInstanceUID/) });
      const notStored = mixed.report.failed.length + mixed.report.conflicts.length;
      expect(mixed.stderr).toMatch(new RegExp(`${notStored} file\\(s\\) could not be imported`));
      const dicomFiles = readdirSync(charsetFiles).filter((f) => f.endsWith('.dcm')).length;
      expect(mixed.report.imported + mixed.report.skipped + notStored).toBe(1 + dicomFiles + 2);
    });

    it('a path that does not exist is a failed entry "no such file or folder", exit 2', () => {
      // Failing: a typo in a path is silently ignored.
      const missing = join(dataDir, 'no-such-folder');
      const run = cliImport(dataDir, [missing]);
      expect(run.code).toBe(2);
      expect(run.report).toStrictEqual({ imported: 0, skipped: 0, conflicts: [], failed: [{ path: missing, code: 'not-found', reason: 'no such file or folder' }], dicomdirs: 0 });
      expect(run.stderr).toMatch(/1 file\(s\) could not be imported/);
    });

    it('without a path is a usage error (64) with a message', () => {
      const run = runCli(['import', '--data-dir', dataDir, '--json']);
      expect(run.code).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/needs at least one file or folder/);
    });
  });

  describe('usage errors', () => {
    it.each([
      ['an unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
      ['an unknown option', ['patients', '--frobnicate'], /Unknown option '--frobnicate'/],
      ['no command at all', [], /usage: precis <command>/],
      ['series without a patient', ['series'], /needs a patient/],
    ])('%s exits 64 with a message on stderr and nothing on stdout', (_label, args, message) => {
      // Failing: a mistyped command looks like success to a script, or fails without saying why.
      const run = runCli([...args, '--data-dir', tempDir('usage')]);
      expect(run.code).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    });

    it('--help prints the usage on stdout and exits 0', () => {
      const run = runCli(['--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/usage: precis <command>/);
    });

    it('series of an unknown patient exits 1 with "No patient"', () => {
      const run = runCli(['series', 'NOBODY', '--data-dir', dataDir, '--json']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/No patient "NOBODY"/);
    });
  });

  describe('listing', () => {
    it('patients --json lists every imported patient with counts', () => {
      // Failing: imported patients are missing from the list.
      const ids = patients.map((p) => p.PatientID);
      expect(ids).toEqual(expect.arrayContaining(['1CT1', '4MR1', 'SCSGREEK', 'SCSRUSS', 'H31EXAMPLE', 'H32EXAMPLE', '2008-3']));
      expect(new Set(ids).size).toBe(ids.length);
      const ct = patients.find((p) => p.PatientID === '1CT1');
      expect(ct).toMatchObject({ PatientName: 'CompressedSamples^CT1', studyCount: 1, seriesCount: 1, instanceCount: 1 });
    });

    it('series <PatientID> --json and series <caseId> --json show the study and series dcmdump reads', () => {
      // Failing: a patient's images cannot be listed, or under the wrong study or series.
      const byId = runCli(['series', '1CT1', '--data-dir', dataDir, '--json']);
      expect(byId.code, byId.stderr).toBe(0);
      const listing = JSON.parse(byId.stdout) as SeriesJson;
      const uids = dcmdumpTags([CT_SMALL], ['0020,000d', '0020,000e']).get(CT_SMALL)?.values;
      expect(listing.patient.PatientID).toBe('1CT1');
      expect(listing.studies).toHaveLength(1);
      expect(listing.studies[0]).toMatchObject({ StudyInstanceUID: uids?.get('0020,000d'), seriesCount: 1, instanceCount: 1, modalities: ['CT'] });
      expect(listing.studies[0]?.series).toEqual([
        expect.objectContaining({ SeriesInstanceUID: uids?.get('0020,000e'), Modality: 'CT', instanceCount: 1 }),
      ]);
      const byCase = runCli(['series', listing.patient.caseId, '--data-dir', dataDir, '--json']);
      expect(JSON.parse(byCase.stdout)).toEqual(listing);
    });
  });

  describe('patient search', () => {
    // The matching itself is the library's (Library.searchPatients, also behind the app's search box);
    // the CLI's --query is checked once, the cases through the library opened on the same data.
    let library: Library;
    const find = (query: string): string[] => library.searchPatients(query, 100).map((p) => p.PatientID).sort();

    beforeAll(() => {
      library = openLibrary(dataDir);
    });

    afterAll(() => library?.close());

    it('patients --query finds by name prefix and by birth date', () => {
      // Failing: `precis patients --query` ignores the query or finds the wrong patients.
      expect(search('yamada')).toEqual(['H31EXAMPLE']);
      expect(search('1800-01-01')).toEqual(['2008-3', '2008-4']);
    });

    it('by name prefix, any case, one or more words', () => {
      // Failing: typing the start of a name does not find the patient.
      expect(find('compressed')).toEqual(['1CT1', '4MR1']);
      expect(find('compressedsamples mr')).toEqual(['4MR1']);
      expect(find('YAMA')).toEqual(['H31EXAMPLE']);
      expect(find('rudiger')).toEqual(['SCSGERM']); // Rüdiger, without the diacritic
      expect(find('amada')).toEqual([]); // prefixes of words, not substrings
    });

    it('by patient ID or its prefix', () => {
      expect(find('1CT1')).toEqual(['1CT1']);
      expect(find('scsgr')).toEqual(['SCSGREEK']);
    });

    it('by birth date as YYYYMMDD and as YYYY-MM-DD', () => {
      // Failing: a clinician typing the birth date in either usual form finds nobody.
      expect(find('18000101')).toEqual(['2008-3', '2008-4']);
      expect(find('1800-01-01')).toEqual(['2008-3', '2008-4']);
      expect(find('1800-01-02')).toEqual([]);
    });

    it('by names in Greek, Cyrillic and Japanese scripts', () => {
      expect(find('διον')).toEqual(['SCSGREEK']);
      expect(find('люк')).toEqual(['SCSRUSS']);
      expect(find('やまだ')).toEqual(['2008-4', 'H31EXAMPLE', 'H32EXAMPLE']);
      expect(find('ﾔﾏﾀﾞ')).toEqual(['H32EXAMPLE']); // half-width katakana (JIS X 0201)
    });

    it('names are decoded as dcmdump +U8 decodes them (Greek, Cyrillic, Arabic, Hebrew, Korean, Chinese, Latin-1)', () => {
      // Failing: a patient's name shows as mojibake and cannot be found by typing it.
      const files = readdirSync(charsetFiles).filter((f) => /^chr(Arab|Fren|Germ|Greek|Hbrw|I2|KoreanMulti|Russ|X1|X2)\.dcm$/.test(f));
      expect(files).toHaveLength(10);
      for (const file of files) {
        const path = join(charsetFiles, file);
        const id = dcmdumpUtf8(path, 'PatientID');
        expect(patients.find((p) => p.PatientID === id)?.PatientName, file).toBe(dcmdumpUtf8(path, 'PatientName'));
      }
    });

    it('Japanese names with ISO 2022 escapes are decoded as iconv decodes them', () => {
      // Failing: Japanese names show replacement characters (JIS X 0201 katakana next to JIS X 0208 kanji).
      const expected = {
        H31EXAMPLE: japaneseReference(join(charsetFiles, 'chrH31.dcm')),
        H32EXAMPLE: japaneseReference(join(charsetFiles, 'chrH32.dcm')),
        '2008-4': japaneseReference(join(charsetFiles, 'chrJapMulti.dcm')),
      };
      expect(expected.H32EXAMPLE).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
      for (const [id, name] of Object.entries(expected)) expect(patients.find((p) => p.PatientID === id)?.PatientName, id).toBe(name);
    });
  });
});
