import type { Migration } from '../../../storage/migrate.ts';

// One-time maintenance a release does on existing data (e.g. encrypting a clear DICOM store), recorded
// when finished so that later opens skip it instead of visiting every case file again. A library made
// by this release has no old data to convert: its one-time tasks are done from the start.
export const migration0002: Migration = {
  version: 2,
  name: '0002-maintenance-log',
  repository: 'maintenance-log',
  up(db) {
    db.exec(`
      CREATE TABLE maintenance_log (
        task TEXT PRIMARY KEY,
        done_at TEXT NOT NULL
      );
      INSERT INTO maintenance_log (task, done_at)
        SELECT 'store-encrypted', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NOT EXISTS (SELECT 1 FROM patients);
    `);
  },
};
