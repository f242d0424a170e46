// The annotations repository of a case file (issue 13): what readers draw, one row per annotation, in
// patient coordinates. A save replaces the stored annotation with the same UID (its author and creation
// time stay); saves and deletions are written to the case's audit chain in the same transaction.
import type { AnnotationInput, AnnotationRecord, Finding } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

interface AnnotationRow {
  annotation_uid: string;
  tool: string;
  sop_instance_uid: string | null;
  frame: number | null;
  series_instance_uid: string | null;
  frame_of_reference_uid: string | null;
  points: string;
  geometry: string;
  label: string;
  stats: string;
  author: string;
  modified_by: string;
  created_at: string;
  modified_at: string;
  study_instance_uid: string | null;
  finding: string | null;
}

function recordOf(r: AnnotationRow): AnnotationRecord {
  return {
    annotationUID: r.annotation_uid,
    tool: r.tool,
    SOPInstanceUID: r.sop_instance_uid,
    frame: r.frame,
    SeriesInstanceUID: r.series_instance_uid,
    StudyInstanceUID: r.study_instance_uid,
    FrameOfReferenceUID: r.frame_of_reference_uid,
    points: JSON.parse(r.points) as AnnotationRecord['points'],
    geometry: JSON.parse(r.geometry) as AnnotationRecord['geometry'],
    label: r.label,
    stats: JSON.parse(r.stats) as AnnotationRecord['stats'],
    finding: r.finding ? (JSON.parse(r.finding) as Finding) : null,
    author: r.author,
    modifiedBy: r.modified_by,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}

export class AnnotationsRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  list(seriesInstanceUID?: string): AnnotationRecord[] {
    const rows = seriesInstanceUID === undefined
      ? this.read.prepare('SELECT * FROM annotations ORDER BY created_at, annotation_uid').all()
      : this.read.prepare('SELECT * FROM annotations WHERE series_instance_uid = ? ORDER BY created_at, annotation_uid').all(seriesInstanceUID);
    return (rows as AnnotationRow[]).map(recordOf);
  }

  get(annotationUID: string): AnnotationRecord | null {
    const row = this.read.prepare('SELECT * FROM annotations WHERE annotation_uid = ?').get(annotationUID) as AnnotationRow | undefined;
    return row ? recordOf(row) : null;
  }

  count(): number {
    return this.read.prepare('SELECT count(*) FROM annotations').pluck().get() as number;
  }

  /** `studyInstanceUID`: the study of the annotation's image, as the case's imaging says. `origin`: a new
   *  annotation read from a measurement report (DICOM SR) keeps the report's observer as its author. */
  save(input: AnnotationInput, actor: string, studyInstanceUID: string | null, at: string = new Date().toISOString(), origin?: { author: string; report: string }): AnnotationRecord {
    this.write.transaction(() => {
      const existing = this.write.prepare('SELECT author, created_at FROM annotations WHERE annotation_uid = ?').get(input.annotationUID) as
        | { author: string; created_at: string }
        | undefined;
      this.write
        .prepare(
          `INSERT INTO annotations (annotation_uid, tool, sop_instance_uid, frame, series_instance_uid, frame_of_reference_uid,
             points, geometry, label, stats, author, modified_by, created_at, modified_at, study_instance_uid)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (annotation_uid) DO UPDATE SET tool = excluded.tool, sop_instance_uid = excluded.sop_instance_uid,
             frame = excluded.frame, series_instance_uid = excluded.series_instance_uid,
             frame_of_reference_uid = excluded.frame_of_reference_uid, points = excluded.points, geometry = excluded.geometry,
             label = excluded.label, stats = excluded.stats, modified_by = excluded.modified_by, modified_at = excluded.modified_at,
             study_instance_uid = excluded.study_instance_uid`,
        )
        .run(
          input.annotationUID, input.tool, input.SOPInstanceUID, input.frame, input.SeriesInstanceUID, input.FrameOfReferenceUID,
          JSON.stringify(input.points), JSON.stringify(input.geometry), input.label, JSON.stringify(input.stats),
          existing?.author ?? origin?.author ?? actor, actor, existing?.created_at ?? at, at, studyInstanceUID,
        );
      this.auditChain.append({
        at,
        actor,
        action: existing ? 'annotation.modify' : 'annotation.create',
        detail: { annotationUID: input.annotationUID, tool: input.tool, SOPInstanceUID: input.SOPInstanceUID, frame: input.frame, ...(origin ? { fromReport: origin.report } : {}) },
      });
    }).immediate();
    return this.get(input.annotationUID) as AnnotationRecord;
  }

  /** Sets or clears an annotation's finding; null when there is no such annotation. */
  setFinding(annotationUID: string, finding: Finding | null, actor: string, at: string = new Date().toISOString()): AnnotationRecord | null {
    const changed = this.write.transaction(() => {
      const done = this.write
        .prepare('UPDATE annotations SET finding = ?, modified_by = ?, modified_at = ? WHERE annotation_uid = ?')
        .run(finding ? JSON.stringify(finding) : null, actor, at, annotationUID).changes > 0;
      if (done) this.auditChain.append({ at, actor, action: finding ? 'finding.set' : 'finding.clear', detail: { annotationUID, ...(finding ?? {}) } });
      return done;
    }).immediate();
    return changed ? this.get(annotationUID) : null;
  }

  remove(annotationUID: string, actor: string): boolean {
    return this.write.transaction(() => {
      const removed = this.write.prepare('DELETE FROM annotations WHERE annotation_uid = ?').run(annotationUID).changes > 0;
      if (removed) this.auditChain.append({ actor, action: 'annotation.delete', detail: { annotationUID } });
      return removed;
    }).immediate();
  }
}
