import type { Migration } from '../../../storage/migrate.ts';

// Links between Frames of Reference (issue 13, item 6): a prior study has its own Frame of Reference,
// so the same anatomy is at other patient coordinates; the reader scrolls both to the same anatomy and
// links them once. The link is the translation (mm, LPS) from one frame's coordinates to the other's.
export const caseMigration0007: Migration = {
  version: 7,
  name: '0007-frame-links',
  repository: 'frame-links',
  up(db) {
    db.exec(`
      CREATE TABLE frame_links (
        from_frame_of_reference_uid TEXT NOT NULL,
        to_frame_of_reference_uid TEXT NOT NULL,
        offset TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        linked_at TEXT NOT NULL,
        PRIMARY KEY (from_frame_of_reference_uid, to_frame_of_reference_uid)
      );
    `);
  },
};
