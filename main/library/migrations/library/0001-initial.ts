import type { Migration } from '../../../storage/migrate.ts';

// The library index: enough to list and search patients, the wrapped key of each case file,
// and the global audit chain.
export const migration0001: Migration = {
  version: 1,
  name: '0001-initial',
  repository: 'patient-index',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        case_id TEXT PRIMARY KEY,
        patient_key TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL,
        patient_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL,
        study_count INTEGER NOT NULL DEFAULT 0,
        series_count INTEGER NOT NULL DEFAULT 0,
        instance_count INTEGER NOT NULL DEFAULT 0,
        sort_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX patients_by_sort_name ON patients(sort_name, case_id);
      -- One row per searchable word of a patient (name parts, ID, birth date), upper case.
      CREATE TABLE patient_terms (
        term TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES patients(case_id) ON DELETE CASCADE,
        PRIMARY KEY (term, case_id)
      ) WITHOUT ROWID;
      CREATE INDEX patient_terms_by_case ON patient_terms(case_id);
      CREATE TABLE case_keys (
        case_id TEXT PRIMARY KEY,
        wrapped_key BLOB NOT NULL
      );
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        case_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
    `);
  },
};
