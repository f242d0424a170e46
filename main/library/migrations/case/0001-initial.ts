import type { Migration } from '../../../storage/migrate.ts';

// A patient's case file: the imaging part (studies, series, instances) and the case's own audit events.
export const caseMigration0001: Migration = {
  version: 1,
  name: '0001-initial',
  repository: 'imaging',
  up(db) {
    db.exec(`
      CREATE TABLE patient (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        patient_id TEXT NOT NULL,
        patient_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL
      );
      CREATE TABLE studies (
        study_instance_uid TEXT PRIMARY KEY,
        study_date TEXT NOT NULL,
        study_time TEXT NOT NULL,
        study_description TEXT NOT NULL,
        accession_number TEXT NOT NULL
      );
      CREATE TABLE series (
        series_instance_uid TEXT PRIMARY KEY,
        study_instance_uid TEXT NOT NULL REFERENCES studies(study_instance_uid),
        modality TEXT NOT NULL,
        series_number INTEGER,
        series_description TEXT NOT NULL
      );
      CREATE INDEX series_by_study ON series(study_instance_uid, series_number);
      CREATE TABLE instances (
        sop_instance_uid TEXT PRIMARY KEY,
        series_instance_uid TEXT NOT NULL REFERENCES series(series_instance_uid),
        sop_class_uid TEXT NOT NULL,
        instance_number INTEGER,
        transfer_syntax_uid TEXT NOT NULL,
        rows INTEGER NOT NULL,
        columns INTEGER NOT NULL,
        number_of_frames INTEGER NOT NULL,
        image_position_patient TEXT,
        image_orientation_patient TEXT,
        slice_location REAL,
        displayable INTEGER NOT NULL,
        unsupported_reason TEXT,
        store_path TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE INDEX instances_by_series ON instances(series_instance_uid, instance_number);
      CREATE TABLE case_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    `);
  },
};
