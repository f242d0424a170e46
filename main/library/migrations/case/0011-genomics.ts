import type { Migration } from '../../../storage/migrate.ts';

// VCF files attached to the case (issue 15): one row per imported sample of a file (sha256), with
// its build, test type, tumour type, counts and the lines skipped (JSON), and the variants the sample
// carries, one row per split ALT, trimmed (1-based pos), with the position and line as written.
// Annotation is not here: it keys its own tables by variant_id. A file's variants are written in one
// transaction, so they are one range of variant_id (first/last on the file row): no index by file,
// whose upkeep cost a quarter of the import time.
export const caseMigration0011: Migration = {
  version: 11,
  name: '0011-genomics',
  repository: 'genomics',
  up(db) {
    db.exec(`
      CREATE TABLE vcf_files (
        file_id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        sample TEXT,
        build TEXT NOT NULL CHECK (build IN ('GRCh37', 'GRCh38')),
        test_type TEXT NOT NULL CHECK (test_type IN ('germline', 'somatic')),
        tumour_type TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        records INTEGER NOT NULL,
        variants INTEGER NOT NULL,
        skipped_lines TEXT NOT NULL,
        first_variant_id INTEGER,
        last_variant_id INTEGER
      );
      CREATE UNIQUE INDEX vcf_files_by_hash ON vcf_files (sha256, ifnull(sample, ''));
      CREATE TABLE variants (
        variant_id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES vcf_files (file_id),
        chrom TEXT NOT NULL,
        pos INTEGER NOT NULL,
        ref TEXT NOT NULL,
        alt TEXT NOT NULL,
        original_pos INTEGER NOT NULL,
        line INTEGER NOT NULL,
        name TEXT,
        genotype TEXT,
        depth INTEGER,
        alt_depth INTEGER,
        vaf REAL,
        filter TEXT,
        qual REAL,
        symbolic INTEGER NOT NULL
      );
      CREATE INDEX variants_by_position ON variants (chrom, pos);
    `);
  },
};
