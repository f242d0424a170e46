import type { Migration } from '../../../storage/migrate.ts';

// A run's label volume (issue 14, item 4): the run row's pointer to its encrypted mask file
// (masks/<caseId>/<runId> under the data directory), with the grid it lies on (dims, spacing, origin,
// direction and the SOP Instance UID of each slice, as JSON), the labels with their manifest names and
// colours (JSON), the sha256 of the label bytes and the voxel count of each label.
export const caseMigration0010: Migration = {
  version: 10,
  name: '0010-inference-masks',
  repository: 'inference-masks',
  up(db) {
    db.exec(`
      CREATE TABLE inference_masks (
        run_id TEXT PRIMARY KEY REFERENCES inference_runs (run_id),
        series_instance_uid TEXT NOT NULL,
        store_path TEXT NOT NULL,
        geometry TEXT NOT NULL,
        labels TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        voxel_counts TEXT NOT NULL
      );
      CREATE INDEX inference_masks_by_series ON inference_masks (series_instance_uid);
    `);
  },
};
