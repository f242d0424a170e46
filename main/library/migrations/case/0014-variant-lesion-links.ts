import type { Migration } from '../../../storage/migrate.ts';

// Variants linked to an imaging finding (issue 15, item 6): the lesion a biopsy came from, by the
// annotation that marks it, with who linked it and when (linking and unlinking are audited in the case).
export const caseMigration0014: Migration = {
  version: 14,
  name: '0014-variant-lesion-links',
  repository: 'variant-links',
  up(db) {
    db.exec(`
      CREATE TABLE variant_lesion_links (
        variant_id INTEGER NOT NULL REFERENCES variants (variant_id),
        annotation_uid TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        linked_at TEXT NOT NULL,
        PRIMARY KEY (variant_id, annotation_uid)
      );
      CREATE INDEX variant_lesion_links_by_annotation ON variant_lesion_links (annotation_uid);
    `);
  },
};
