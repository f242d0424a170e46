import type { Migration } from '../../../storage/migrate.ts';

// What a reader draws on the images (issue 13): one row per annotation, keyed by Cornerstone's
// annotation UID, tied to its image (SOP Instance UID and frame) or, on a plane with no SOP (MPR), to its
// Frame of Reference only. Geometry is in patient coordinates (mm, LPS), as JSON of full doubles.
export const caseMigration0004: Migration = {
  version: 4,
  name: '0004-annotations',
  repository: 'annotations',
  up(db) {
    db.exec(`
      CREATE TABLE annotations (
        annotation_uid TEXT PRIMARY KEY,
        tool TEXT NOT NULL,
        sop_instance_uid TEXT,
        frame INTEGER,
        series_instance_uid TEXT,
        frame_of_reference_uid TEXT,
        points TEXT NOT NULL,
        geometry TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        stats TEXT NOT NULL,
        author TEXT NOT NULL,
        modified_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
      );
      CREATE INDEX annotations_by_series ON annotations (series_instance_uid);
      CREATE INDEX annotations_by_frame_of_reference ON annotations (frame_of_reference_uid);
    `);
  },
};
