import type { Migration } from '../../../storage/migrate.ts';

// Findings (issue 13, item 3): an annotation promoted to a lesion keeps its label, location and target
// flag as JSON beside it; each annotation also names its study, so that target diameters add up per study.
export const caseMigration0005: Migration = {
  version: 5,
  name: '0005-findings',
  repository: 'annotations',
  up(db) {
    db.exec(`
      ALTER TABLE annotations ADD COLUMN study_instance_uid TEXT;
      ALTER TABLE annotations ADD COLUMN finding TEXT;
      UPDATE annotations SET study_instance_uid = (SELECT study_instance_uid FROM series WHERE series.series_instance_uid = annotations.series_instance_uid);
    `);
  },
};
