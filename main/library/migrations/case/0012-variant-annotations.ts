import type { Migration } from '../../../storage/migrate.ts';

// Annotation of the case's variants (issue 15, items 3-4): each `precis vcf annotate` run with the
// pack versions it used and those it refused, and the call every variant no knowledge mentions gets
// (default_call: most of a large file, so not one row each); per variant that knowledge does mention
// (keyed by the genomics repository's variant_id) its ClinVar call, CIViC evidence, gene/region and
// the automatic tier or class with the rule that fired; and clinicians' overrides, kept beside the
// automatic call (the latest one counts).
export const caseMigration0012: Migration = {
  version: 12,
  name: '0012-variant-annotations',
  repository: 'variant-annotations',
  up(db) {
    db.exec(`
      CREATE TABLE annotation_runs (
        run_id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL,
        packs TEXT NOT NULL,
        refused TEXT NOT NULL,
        gene_note TEXT,
        tumour_type TEXT,
        default_call TEXT NOT NULL,
        annotated_by TEXT NOT NULL,
        annotated_at TEXT NOT NULL,
        variants INTEGER NOT NULL
      );
      CREATE TABLE variant_annotations (
        variant_id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES annotation_runs (run_id),
        file_id INTEGER NOT NULL,
        clinvar TEXT,
        civic TEXT NOT NULL,
        gene TEXT,
        region TEXT,
        tier TEXT NOT NULL,
        level TEXT,
        rule TEXT NOT NULL,
        flagged INTEGER NOT NULL
      );
      CREATE TABLE variant_overrides (
        override_id INTEGER PRIMARY KEY,
        variant_id INTEGER NOT NULL,
        tier TEXT NOT NULL,
        rationale TEXT NOT NULL,
        overridden_by TEXT NOT NULL,
        overridden_at TEXT NOT NULL
      );
      CREATE INDEX variant_annotations_by_file ON variant_annotations (file_id);
      CREATE INDEX variant_overrides_by_variant ON variant_overrides (variant_id, override_id);
    `);
  },
};
