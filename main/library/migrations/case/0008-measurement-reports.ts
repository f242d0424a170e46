import type { Migration } from '../../../storage/migrate.ts';

// Imported measurement reports (DICOM SR, TID 1500; issue 13, item 9): one row per report an import
// attached to the case (its SOP Instance UID keys a re-import, which then adds nothing), and its
// measurements that did not become annotations (no geometry, or images not in the case), each with its
// group, tracking identifiers, concept, value (REAL, and the DS text as written), unit and modifiers as
// the report coded them (JSON of { value, scheme, meaning }).
export const caseMigration0008: Migration = {
  version: 8,
  name: '0008-measurement-reports',
  repository: 'reports',
  up(db) {
    db.exec(`
      CREATE TABLE measurement_reports (
        sop_instance_uid TEXT PRIMARY KEY,
        series_instance_uid TEXT NOT NULL,
        study_instance_uid TEXT NOT NULL,
        title TEXT NOT NULL,
        observer TEXT,
        content_date_time TEXT NOT NULL,
        groups INTEGER NOT NULL,
        annotations INTEGER NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE report_measurements (
        report_sop_instance_uid TEXT NOT NULL,
        position INTEGER NOT NULL,
        group_number INTEGER NOT NULL,
        tracking_identifier TEXT,
        tracking_uid TEXT,
        finding TEXT,
        finding_site TEXT,
        name TEXT NOT NULL,
        value REAL,
        numeric_value TEXT,
        unit TEXT,
        modifiers TEXT NOT NULL,
        geometry TEXT,
        PRIMARY KEY (report_sop_instance_uid, position)
      );
      CREATE INDEX report_measurements_by_tracking_uid ON report_measurements (tracking_uid);
    `);
  },
};
