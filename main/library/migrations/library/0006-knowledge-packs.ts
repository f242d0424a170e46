import type { Migration } from '../../../storage/migrate.ts';

// Knowledge packs (issue 15): ClinVar, CIViC, gene annotations and reference sequences imported from
// files into <dataDir>/knowledge/<id>/, each with its source, release date, genome build and the
// hashes every load is checked against. Like models, they are not patient data: the library keeps them.
export const migration0006: Migration = {
  version: 6,
  name: '0006-knowledge-packs',
  repository: 'knowledge-packs',
  up(db) {
    db.exec(`
      CREATE TABLE knowledge_packs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        release_date TEXT,
        build TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        files TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
    `);
  },
};
