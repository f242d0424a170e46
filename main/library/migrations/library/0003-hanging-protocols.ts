import type { Migration } from '../../../storage/migrate.ts';

// Hanging protocols (issue 13, item 4): the layout a reader saved for a modality, used when a study of
// that modality opens. A reading preference, not patient data: it lives in the library, not a case.
export const migration0003: Migration = {
  version: 3,
  name: '0003-hanging-protocols',
  repository: 'hanging-protocols',
  up(db) {
    db.exec(`
      CREATE TABLE hanging_protocols (
        modality TEXT PRIMARY KEY,
        layout TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        saved_at TEXT NOT NULL
      );
    `);
  },
};
