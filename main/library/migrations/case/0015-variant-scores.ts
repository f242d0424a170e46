import type { Migration } from '../../../storage/migrate.ts';

// Variant scores (issue 15, item 5): each scoring run of a VCF with the model it used (id, version,
// sha256) or, where none could be used, why (`note`: no model imported, no gene pack for the build);
// one score per scored variant (keyed by the genomics repository's variant_id). Symbolic alleles and
// variants of an unscored file have no row. A ranking aid for review, never a classification.
export const caseMigration0015: Migration = {
  version: 15,
  name: '0015-variant-scores',
  repository: 'variant-scores',
  up(db) {
    db.exec(`
      CREATE TABLE score_runs (
        run_id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL,
        model_id TEXT,
        model_version TEXT,
        model_sha256 TEXT,
        note TEXT,
        scored_by TEXT NOT NULL,
        scored_at TEXT NOT NULL,
        variants INTEGER NOT NULL,
        scored INTEGER NOT NULL
      );
      CREATE TABLE variant_scores (
        variant_id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES score_runs (run_id),
        file_id INTEGER NOT NULL,
        score REAL NOT NULL
      );
      CREATE INDEX variant_scores_by_file ON variant_scores (file_id);
    `);
  },
};
