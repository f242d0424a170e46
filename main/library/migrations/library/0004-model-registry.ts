import type { Migration } from '../../../storage/migrate.ts';

// The model registry (issue 14): each ONNX model imported into this data directory, with the hashes
// taken at import that every load is checked against. Models are not patient data: the library keeps them.
export const migration0004: Migration = {
  version: 4,
  name: '0004-model-registry',
  repository: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        task TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        external_files TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
      );
    `);
  },
};
