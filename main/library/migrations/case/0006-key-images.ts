import type { Migration } from '../../../storage/migrate.ts';

// Key images (issue 13, item 7): the images a reader marks as key for the case, one row per image
// (SOP Instance UID and frame), with who marked it and when; exported as a Key Object Selection document.
export const caseMigration0006: Migration = {
  version: 6,
  name: '0006-key-images',
  repository: 'key-images',
  up(db) {
    db.exec(`
      CREATE TABLE key_images (
        sop_instance_uid TEXT NOT NULL,
        frame INTEGER NOT NULL DEFAULT 1,
        series_instance_uid TEXT NOT NULL,
        study_instance_uid TEXT NOT NULL,
        marked_by TEXT NOT NULL,
        marked_at TEXT NOT NULL,
        PRIMARY KEY (sop_instance_uid, frame)
      );
    `);
  },
};
