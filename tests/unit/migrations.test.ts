// Schema migrations on real encrypted database files: version recorded in PRAGMA user_version, files
// from a newer Precis refused with a message saying what to do, all pending migrations in one transaction.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWritable as openEncryptedDb, type WritableDb as Db } from '../../main/storage/database.ts';
import { migrate, type Migration } from '../../main/storage/migrate.ts';
import { CASE_MIGRATIONS, LIBRARY_MIGRATIONS } from '../../main/library/migrations/index.ts';
import { openLibrary, removeTempDirs, tempDir } from './support/env.ts';

const PATIENT = { PatientID: 'MIG-1', PatientName: 'Migration^Test', PatientBirthDate: '19700101', PatientSex: 'O' };

const userVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Db): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
const indexes = (db: Db): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];

/** A library with one case, closed again; returns the data directory and the case id. */
function libraryWithCase(): { dataDir: string; caseId: string } {
  const dataDir = tempDir('migrations');
  const library = openLibrary(dataDir);
  const caseId = library.caseFor(PATIENT, '1.2.3.4');
  library.openCase(caseId);
  library.close();
  return { dataDir, caseId };
}

afterAll(removeTempDirs);

describe('migrations of the library and of case files', () => {
  it('a new library and a new case file are at the latest schema, with every table and index', () => {
    // Failing: a new installation misses a table or index that the code expects (errors or slow lists).
    const { dataDir, caseId } = libraryWithCase();
    const library = openLibrary(dataDir);
    try {
      expect(userVersion(library.db)).toBe(LIBRARY_MIGRATIONS.length);
      expect(library.schemaVersion).toBe(LIBRARY_MIGRATIONS.length);
      expect(tables(library.db)).toEqual(['audit_events', 'case_keys', 'hanging_protocols', 'knowledge_packs', 'maintenance_log', 'models', 'patient_terms', 'patients', 'vcf_hashes']);
      expect(indexes(library.db)).toEqual(expect.arrayContaining(['patients_by_sort_name', 'patient_terms_by_case', 'vcf_hashes_by_case']));
      const caseDb = library.openCase(caseId).db;
      expect(userVersion(caseDb)).toBe(CASE_MIGRATIONS.length);
      expect(tables(caseDb)).toEqual(['annotation_runs', 'annotations', 'case_audit', 'frame_links', 'inference_findings', 'inference_mask_edits', 'inference_masks', 'inference_runs', 'instances', 'key_images', 'measurement_reports', 'patient', 'report_measurements', 'score_runs', 'series', 'studies', 'variant_annotations', 'variant_lesion_links', 'variant_overrides', 'variant_scores', 'variants', 'vcf_files']);
      expect(indexes(caseDb)).toEqual(expect.arrayContaining(['instances_by_series', 'series_by_study', 'annotations_by_series', 'inference_runs_by_started', 'inference_masks_by_series', 'vcf_files_by_hash', 'variants_by_position', 'variant_annotations_by_file', 'variant_overrides_by_variant', 'variant_lesion_links_by_annotation', 'variant_scores_by_file']));
    } finally {
      library.close();
    }
  });

  it('migrations are numbered 1..n in order', () => {
    // Failing: two migrations share a number, and one of them would never run on existing files.
    expect(LIBRARY_MIGRATIONS.map((m) => m.version)).toEqual(LIBRARY_MIGRATIONS.map((_, i) => i + 1));
    expect(CASE_MIGRATIONS.map((m) => m.version)).toEqual(CASE_MIGRATIONS.map((_, i) => i + 1));
  });

  it('a library written by a newer Precis is refused with code newer-file and "Update Precis"', () => {
    // Failing: an older Precis opens a newer library and damages data it does not understand.
    const { dataDir } = libraryWithCase();
    const library = openLibrary(dataDir);
    library.db.pragma(`user_version = ${LIBRARY_MIGRATIONS.length + 1}`);
    library.close();
    expect(() => openLibrary(dataDir)).toThrow(
      expect.objectContaining({ code: 'newer-file', message: expect.stringMatching(/newer version of Precis.*Update Precis/) }),
    );
  });

  it('a case file written by a newer Precis is refused with code newer-file and "Update Precis"', () => {
    // Failing: an older Precis opens a newer patient file and damages data it does not understand.
    const { dataDir, caseId } = libraryWithCase();
    let library = openLibrary(dataDir);
    library.openCase(caseId).db.pragma(`user_version = ${CASE_MIGRATIONS.length + 1}`);
    library.close();
    library = openLibrary(dataDir);
    try {
      expect(() => library.openCase(caseId)).toThrow(
        expect.objectContaining({ code: 'newer-file', message: expect.stringMatching(new RegExp(`Case file ${caseId}.*Update Precis`)) }),
      );
    } finally {
      library.close();
    }
  });
});

describe('migrate() on a real encrypted file', () => {
  const createTable = (version: number, table: string): Migration => ({
    version,
    name: `${String(version).padStart(4, '0')}-create-${table}`,
    repository: 'test',
    up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`),
  });
  const failing = (version: number): Migration => ({
    version,
    name: `${String(version).padStart(4, '0')}-fails`,
    repository: 'test',
    up: (db) => db.exec('INSERT INTO no_such_table VALUES (1)'),
  });

  function encryptedDb(): { path: string; key: Buffer; db: Db } {
    const path = join(tempDir('migrate'), 'test.sqlite');
    const key = randomBytes(32);
    return { path, key, db: openEncryptedDb(path, key) };
  }

  it('runs pending migrations and records the version, which survives reopening', () => {
    const { path, key, db } = encryptedDb();
    expect(migrate(db, [createTable(1, 'a'), createTable(2, 'b')], 'Test file')).toBe(2);
    db.close();
    const reopened = openEncryptedDb(path, key);
    expect(userVersion(reopened)).toBe(2);
    expect(tables(reopened)).toEqual(['a', 'b']);
    // Only the new one runs: re-running 1 and 2 would fail ("table a already exists").
    expect(migrate(reopened, [createTable(1, 'a'), createTable(2, 'b'), createTable(3, 'c')], 'Test file')).toBe(3);
    expect(tables(reopened)).toEqual(['a', 'b', 'c']);
    reopened.close();
  });

  it('a failing migration leaves the file as it was: no table from earlier steps, user_version unchanged', () => {
    // Failing: an update that fails halfway leaves a file at a schema no version of Precis knows.
    const { path, key, db } = encryptedDb();
    migrate(db, [createTable(1, 'a')], 'Test file');
    expect(() => migrate(db, [createTable(1, 'a'), createTable(2, 'b'), failing(3)], 'Test file')).toThrow(/no such table/);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
    db.close();
    const reopened = openEncryptedDb(path, key);
    expect(userVersion(reopened)).toBe(1);
    expect(tables(reopened)).toEqual(['a']);
    reopened.close();
  });

  it('refuses a migration list that is misnumbered, before touching the file', () => {
    const { db } = encryptedDb();
    expect(() => migrate(db, [createTable(1, 'a'), createTable(3, 'c')], 'Test file')).toThrow(/numbered 3, expected 2/);
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });
});
