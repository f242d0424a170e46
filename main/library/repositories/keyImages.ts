// The key images of a case file (issue 13, item 7): the images a reader marks as key, one row per SOP
// instance and frame, with who marked it and when. Marking and unmarking are written to the case's audit
// chain in the same transaction; marking an image that is already key (or unmarking one that is not)
// changes nothing and leaves no audit row.
import type { KeyImage } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

/** Where a key image lies, as the case's imaging says. */
export interface KeyImageRef {
  SOPInstanceUID: string;
  /** 1-based. */
  frame: number;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
}

interface KeyImageRow {
  sop_instance_uid: string;
  frame: number;
  series_instance_uid: string;
  study_instance_uid: string;
  marked_by: string;
  marked_at: string;
  instance_number: number | null;
  series_number: number | null;
  series_description: string | null;
}

function keyImageOf(r: KeyImageRow): KeyImage {
  return {
    SOPInstanceUID: r.sop_instance_uid,
    frame: r.frame,
    SeriesInstanceUID: r.series_instance_uid,
    StudyInstanceUID: r.study_instance_uid,
    InstanceNumber: r.instance_number,
    SeriesNumber: r.series_number,
    SeriesDescription: r.series_description ?? '',
    markedBy: r.marked_by,
    markedAt: r.marked_at,
  };
}

export class KeyImagesRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  /** Newest study first (as the study browser lists them), then series number, instance number, frame. */
  list(): KeyImage[] {
    const rows = this.read
      .prepare(
        `SELECT k.*, i.instance_number, se.series_number, se.series_description
         FROM key_images k
         LEFT JOIN instances i ON i.sop_instance_uid = k.sop_instance_uid
         LEFT JOIN series se ON se.series_instance_uid = k.series_instance_uid
         LEFT JOIN studies st ON st.study_instance_uid = k.study_instance_uid
         ORDER BY st.study_date DESC, st.study_time DESC, k.study_instance_uid, se.series_number, k.series_instance_uid,
           i.instance_number, k.sop_instance_uid, k.frame`,
      )
      .all() as KeyImageRow[];
    return rows.map(keyImageOf);
  }

  isKey(sopInstanceUID: string, frame: number): boolean {
    return this.read.prepare('SELECT 1 FROM key_images WHERE sop_instance_uid = ? AND frame = ?').get(sopInstanceUID, frame) !== undefined;
  }

  /** Marks an image as key; true when it was not key before. */
  mark(ref: KeyImageRef, actor: string, at: string = new Date().toISOString()): boolean {
    return this.write.transaction(() => {
      const added = this.write
        .prepare(
          `INSERT INTO key_images (sop_instance_uid, frame, series_instance_uid, study_instance_uid, marked_by, marked_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sop_instance_uid, frame) DO NOTHING`,
        )
        .run(ref.SOPInstanceUID, ref.frame, ref.SeriesInstanceUID, ref.StudyInstanceUID, actor, at).changes > 0;
      if (added) this.auditChain.append({ at, actor, action: 'keyimage.mark', detail: { SOPInstanceUID: ref.SOPInstanceUID, frame: ref.frame } });
      return added;
    }).immediate();
  }

  /** Takes the key mark off an image; true when it was key. */
  unmark(sopInstanceUID: string, frame: number, actor: string): boolean {
    return this.write.transaction(() => {
      const removed = this.write.prepare('DELETE FROM key_images WHERE sop_instance_uid = ? AND frame = ?').run(sopInstanceUID, frame).changes > 0;
      if (removed) this.auditChain.append({ actor, action: 'keyimage.unmark', detail: { SOPInstanceUID: sopInstanceUID, frame } });
      return removed;
    }).immediate();
  }
}
