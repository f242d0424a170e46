import type { Migration } from '../../../storage/migrate.ts';

// Model runs and their findings (issue 14, items 5-6): one row per run with its provenance (model id,
// version and sha256; input series and the sha256 of the voxels the model received; runtime version;
// parameters as JSON; start, end, status, warnings, biomarkers as JSON), and one row per finding with
// its review state ('proposed' until a clinician accepts or rejects it) and who reviewed it when.
export const caseMigration0009: Migration = {
  version: 9,
  name: '0009-inference-runs',
  repository: 'inference',
  up(db) {
    db.exec(`
      CREATE TABLE inference_runs (
        run_id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        series_instance_uids TEXT NOT NULL,
        input_voxels_sha256 TEXT,
        input TEXT,
        runtime_name TEXT NOT NULL,
        runtime_version TEXT NOT NULL,
        parameters TEXT NOT NULL,
        warnings TEXT NOT NULL,
        outside_intended_use INTEGER NOT NULL,
        biomarkers TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        error TEXT,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        started_by TEXT NOT NULL,
        peak_rss_mb REAL
      );
      CREATE INDEX inference_runs_by_started ON inference_runs (started_at);
      CREATE TABLE inference_findings (
        run_id TEXT NOT NULL REFERENCES inference_runs (run_id),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        label_value INTEGER,
        measurements TEXT NOT NULL,
        review_state TEXT NOT NULL CHECK (review_state IN ('proposed', 'accepted', 'rejected')),
        reviewed_by TEXT,
        reviewed_at TEXT,
        PRIMARY KEY (run_id, position)
      );
    `);
  },
};
