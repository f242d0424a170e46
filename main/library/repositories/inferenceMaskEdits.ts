// The inference-mask-edits repository of a case file (case migration 0011): every saved clinician edit of
// a run's mask, each a file of its own (masks/<caseId>/<editId>) beside the model's original, with the
// numbers recomputed from it. An edit and its audit event ('inference.edit': who, when, the sha256 before
// and after, the voxels per label, the note) are written in one transaction, after the file is in place.
import type { MaskEdit } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

export type MaskEditRecord = MaskEdit & { storePath: string };

interface EditRow {
  edit_id: string;
  run_id: string;
  store_path: string;
  sha256: string;
  voxel_counts: string;
  biomarkers: string;
  findings: string;
  edited_by: string;
  edited_at: string;
  note: string | null;
}

export class InferenceMaskEditsRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  /** Records a saved edit; `previousSha256` is the mask it replaced (the original or an earlier edit). */
  add(edit: MaskEditRecord, previousSha256: string): void {
    this.write.transaction(() => {
      this.write
        .prepare(`INSERT INTO inference_mask_edits (edit_id, run_id, store_path, sha256, voxel_counts, biomarkers, findings, edited_by, edited_at, note)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(edit.editId, edit.runId, edit.storePath, edit.sha256, JSON.stringify(edit.voxelCounts), JSON.stringify(edit.biomarkers),
          JSON.stringify(edit.findings), edit.editedBy, edit.editedAt, edit.note);
      this.auditChain.append({
        at: edit.editedAt,
        actor: edit.editedBy,
        action: 'inference.edit',
        detail: { runId: edit.runId, editId: edit.editId, previousSha256, sha256: edit.sha256, voxelCounts: edit.voxelCounts, biomarkers: edit.biomarkers, note: edit.note },
      });
    }).immediate();
  }

  /** The run's latest edit, or null when its mask was never edited. */
  latest(runId: string): MaskEditRecord | null {
    const row = this.read.prepare('SELECT * FROM inference_mask_edits WHERE run_id = ? ORDER BY edited_at DESC, rowid DESC LIMIT 1').get(runId) as EditRow | undefined;
    return row ? editOf(row) : null;
  }

  /** Every edit of the run, oldest first. */
  list(runId: string): MaskEditRecord[] {
    return (this.read.prepare('SELECT * FROM inference_mask_edits WHERE run_id = ? ORDER BY edited_at, rowid').all(runId) as EditRow[]).map(editOf);
  }
}

function editOf(r: EditRow): MaskEditRecord {
  return {
    editId: r.edit_id, runId: r.run_id, storePath: r.store_path, sha256: r.sha256, voxelCounts: JSON.parse(r.voxel_counts) as Record<string, number>,
    biomarkers: JSON.parse(r.biomarkers) as MaskEdit['biomarkers'], findings: JSON.parse(r.findings) as MaskEdit['findings'],
    editedBy: r.edited_by, editedAt: r.edited_at, note: r.note,
  };
}
