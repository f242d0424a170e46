import type { Migration } from '../../../storage/migrate.ts';

// Which case each imported VCF (by sha256) belongs to (issue 15): the same file attached to another
// patient is refused from this one index, without opening every case file. A row is written under the
// library's lock just before the case import commits (a claim), so two imports of one file for two
// patients cannot both pass, and an import killed on the way leaves none.
export const migration0005: Migration = {
  version: 5,
  name: '0005-vcf-hashes',
  repository: 'vcf-hashes',
  up(db) {
    db.exec(`
      CREATE TABLE vcf_hashes (
        sha256 TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        claimed_at TEXT NOT NULL
      );
      CREATE INDEX vcf_hashes_by_case ON vcf_hashes (case_id);
    `);
  },
};
