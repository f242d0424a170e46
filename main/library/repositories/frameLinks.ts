// Links between Frames of Reference of a case (issue 13, item 6): the translation that takes a point of
// one frame (a prior study's) to the same anatomy in another. Kept both ways (the reverse is the negated
// offset), so either viewport can drive the other; linking again replaces the link. Audited.
import type { FrameLink, PatientPoint } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

interface FrameLinkRow {
  from_frame_of_reference_uid: string;
  to_frame_of_reference_uid: string;
  offset: string;
  linked_by: string;
  linked_at: string;
}

const linkOf = (r: FrameLinkRow): FrameLink => ({
  fromFrameOfReferenceUID: r.from_frame_of_reference_uid,
  toFrameOfReferenceUID: r.to_frame_of_reference_uid,
  offset: JSON.parse(r.offset) as PatientPoint,
  linkedBy: r.linked_by,
  linkedAt: r.linked_at,
});

export class FrameLinksRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  list(): FrameLink[] {
    const rows = this.read.prepare('SELECT * FROM frame_links ORDER BY linked_at, from_frame_of_reference_uid').all() as FrameLinkRow[];
    return rows.map(linkOf);
  }

  /** Links `from` to `to`: a point p of `from` is p + offset in `to`. */
  link(from: string, to: string, offset: PatientPoint, actor: string, at: string = new Date().toISOString()): FrameLink {
    const upsert = this.write.prepare(
      `INSERT INTO frame_links (from_frame_of_reference_uid, to_frame_of_reference_uid, offset, linked_by, linked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (from_frame_of_reference_uid, to_frame_of_reference_uid) DO UPDATE SET offset = excluded.offset,
         linked_by = excluded.linked_by, linked_at = excluded.linked_at`,
    );
    this.write.transaction(() => {
      upsert.run(from, to, JSON.stringify(offset), actor, at);
      upsert.run(to, from, JSON.stringify(offset.map((v) => (v === 0 ? 0 : -v))), actor, at);
      this.auditChain.append({ at, actor, action: 'frames.link', detail: { from, to, offset } });
    }).immediate();
    return { fromFrameOfReferenceUID: from, toFrameOfReferenceUID: to, offset, linkedBy: actor, linkedAt: at };
  }

  /** Removes the link both ways; false when there was none. */
  unlink(from: string, to: string, actor: string): boolean {
    return this.write.transaction(() => {
      const removed = this.write
        .prepare('DELETE FROM frame_links WHERE (from_frame_of_reference_uid = ? AND to_frame_of_reference_uid = ?) OR (from_frame_of_reference_uid = ? AND to_frame_of_reference_uid = ?)')
        .run(from, to, to, from).changes > 0;
      if (removed) this.auditChain.append({ actor, action: 'frames.unlink', detail: { from, to } });
      return removed;
    }).immediate();
  }
}
