import type { Migration } from '../../../storage/migrate.ts';

// A clinician's edit of a run's mask (issue 14, item 5): each saved edit is a new encrypted label volume
// (masks/<caseId>/<editId>; the model's original under masks/<caseId>/<runId> is never overwritten), with
// its sha256 and voxel counts, the biomarkers and finding measurements recomputed from it and the CT, who
// saved it, when, and the note they wrote. The latest edit of a run is its mask from then on. A finding's
// review keeps its note beside its state (review_note; before, the note was only in the audit chain).
export const caseMigration0011: Migration = {
  version: 11,
  name: '0011-inference-mask-edits',
  repository: 'inference-mask-edits',
  up(db) {
    db.exec(`
      CREATE TABLE inference_mask_edits (
        edit_id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES inference_masks (run_id),
        store_path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        voxel_counts TEXT NOT NULL,
        biomarkers TEXT NOT NULL,
        findings TEXT NOT NULL,
        edited_by TEXT NOT NULL,
        edited_at TEXT NOT NULL,
        note TEXT
      );
      CREATE INDEX inference_mask_edits_by_run ON inference_mask_edits (run_id, edited_at);
      ALTER TABLE inference_findings ADD COLUMN review_note TEXT;
    `);
  },
};
