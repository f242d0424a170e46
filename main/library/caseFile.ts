// One patient's case file: studies, series and instances, written one whole series per transaction.
import type { InstanceSummary, SeriesSummary, StudySummary } from '../../preload/api.ts';
import type { InstanceHeader, PatientHeader, SeriesHeader, StudyHeader } from '../dicom/types.ts';
import { openEncryptedDb, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { CASE_MIGRATIONS } from './migrations/index.ts';

export interface StoredInstance {
  header: InstanceHeader;
  displayable: boolean;
  unsupportedReason: string | null;
  /** Relative to the data directory. */
  storePath: string;
  fileSize: number;
}

export interface SeriesBatch {
  patient: PatientHeader;
  study: StudyHeader;
  series: SeriesHeader;
  instances: StoredInstance[];
}

interface InstanceRow {
  sop_instance_uid: string;
  series_instance_uid: string;
  sop_class_uid: string;
  instance_number: number | null;
  transfer_syntax_uid: string;
  rows: number;
  columns: number;
  number_of_frames: number;
  image_position_patient: string | null;
  image_orientation_patient: string | null;
  slice_location: number | null;
  displayable: number;
  unsupported_reason: string | null;
}

const numbers = (text: string | null): number[] | null => (text ? text.split('\\').map(Number) : null);

export class CaseFile {
  readonly caseId: string;
  readonly db: Db;

  private constructor(caseId: string, db: Db) {
    this.caseId = caseId;
    this.db = db;
  }

  static open(caseId: string, path: string, key: Buffer): CaseFile {
    const db = openEncryptedDb(path, key);
    try {
      migrate(db, CASE_MIGRATIONS, `Case file ${caseId}`);
    } catch (error) {
      db.close();
      throw error;
    }
    return new CaseFile(caseId, db);
  }

  close(): void {
    this.db.close();
  }

  /** SOP Instance UIDs among `uids` that this case already holds. */
  existingInstances(uids: readonly string[]): Set<string> {
    const found = new Set<string>();
    const stmt = this.db.prepare('SELECT 1 FROM instances WHERE sop_instance_uid = ?').pluck();
    for (const uid of uids) if (stmt.get(uid)) found.add(uid);
    return found;
  }

  /** Writes one series (and its study and patient rows) atomically; returns the instances added. */
  commitSeries(batch: SeriesBatch, importedAt: string): number {
    const db = this.db;
    return db.transaction(() => {
      const p = batch.patient;
      db.prepare(
        `INSERT INTO patient (id, patient_id, patient_name, birth_date, sex) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING`,
      ).run(p.PatientID, p.PatientName, p.PatientBirthDate, p.PatientSex);
      const s = batch.study;
      db.prepare(
        `INSERT INTO studies (study_instance_uid, study_date, study_time, study_description, accession_number)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT(study_instance_uid) DO NOTHING`,
      ).run(s.StudyInstanceUID, s.StudyDate, s.StudyTime, s.StudyDescription, s.AccessionNumber);
      const se = batch.series;
      db.prepare(
        `INSERT INTO series (series_instance_uid, study_instance_uid, modality, series_number, series_description)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT(series_instance_uid) DO NOTHING`,
      ).run(se.SeriesInstanceUID, s.StudyInstanceUID, se.Modality, se.SeriesNumber, se.SeriesDescription);
      const insert = db.prepare(
        `INSERT OR IGNORE INTO instances (sop_instance_uid, series_instance_uid, sop_class_uid, instance_number,
           transfer_syntax_uid, rows, columns, number_of_frames, image_position_patient, image_orientation_patient,
           slice_location, displayable, unsupported_reason, store_path, file_size, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let added = 0;
      for (const item of batch.instances) {
        const h = item.header;
        added += insert.run(
          h.SOPInstanceUID, se.SeriesInstanceUID, h.SOPClassUID, h.InstanceNumber, h.TransferSyntaxUID,
          h.Rows, h.Columns, h.NumberOfFrames, h.ImagePositionPatient?.join('\\') ?? null,
          h.ImageOrientationPatient?.join('\\') ?? null, h.SliceLocation,
          item.displayable ? 1 : 0, item.unsupportedReason, item.storePath, item.fileSize, importedAt,
        ).changes;
      }
      db.prepare('INSERT INTO case_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(
        importedAt, 'import', 'series.import', JSON.stringify({ SeriesInstanceUID: se.SeriesInstanceUID, added }),
      );
      return added;
    })();
  }

  counts(): { studies: number; series: number; instances: number } {
    const count = (table: string): number => this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { studies: count('studies'), series: count('series'), instances: count('instances') };
  }

  listStudies(): StudySummary[] {
    const rows = this.db
      .prepare(
        `SELECT st.*, 
           (SELECT group_concat(DISTINCT modality) FROM series WHERE study_instance_uid = st.study_instance_uid) AS modalities,
           (SELECT count(*) FROM series WHERE study_instance_uid = st.study_instance_uid) AS series_count,
           (SELECT count(*) FROM instances i JOIN series se ON se.series_instance_uid = i.series_instance_uid
              WHERE se.study_instance_uid = st.study_instance_uid) AS instance_count
         FROM studies st ORDER BY st.study_date DESC, st.study_time DESC`,
      )
      .all() as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      caseId: this.caseId,
      StudyInstanceUID: String(r.study_instance_uid),
      StudyDate: String(r.study_date),
      StudyTime: String(r.study_time),
      StudyDescription: String(r.study_description),
      AccessionNumber: String(r.accession_number),
      modalities: r.modalities ? String(r.modalities).split(',').sort() : [],
      seriesCount: Number(r.series_count),
      instanceCount: Number(r.instance_count),
    }));
  }

  listSeries(studyInstanceUID: string): SeriesSummary[] {
    const rows = this.db
      .prepare(
        `SELECT se.*, (SELECT count(*) FROM instances WHERE series_instance_uid = se.series_instance_uid) AS instance_count
         FROM series se WHERE se.study_instance_uid = ? ORDER BY se.series_number, se.series_instance_uid`,
      )
      .all(studyInstanceUID) as Array<Record<string, string | number | null>>;
    return rows.map((r) => {
      const uid = String(r.series_instance_uid);
      return {
        caseId: this.caseId,
        StudyInstanceUID: studyInstanceUID,
        SeriesInstanceUID: uid,
        Modality: String(r.modality),
        SeriesNumber: r.series_number === null ? null : Number(r.series_number),
        SeriesDescription: String(r.series_description),
        instanceCount: Number(r.instance_count),
        thumbnailSOPInstanceUID: this.middleImage(uid),
      };
    });
  }

  private middleImage(seriesInstanceUID: string): string | null {
    const images = this.listInstances(seriesInstanceUID).filter((i) => i.displayable && i.Rows > 0);
    return images[Math.floor(images.length / 2)]?.SOPInstanceUID ?? null;
  }

  /** Instances in display order: along the slice normal when positions are known, else by InstanceNumber. */
  listInstances(seriesInstanceUID: string): InstanceSummary[] {
    const rows = this.db
      .prepare(
        `SELECT sop_instance_uid, series_instance_uid, sop_class_uid, instance_number, transfer_syntax_uid, rows, columns,
           number_of_frames, image_position_patient, image_orientation_patient, slice_location, displayable, unsupported_reason
         FROM instances WHERE series_instance_uid = ? ORDER BY instance_number, sop_instance_uid`,
      )
      .all(seriesInstanceUID) as InstanceRow[];
    return sortForDisplay(rows.map((r) => this.toSummary(r)));
  }

  private toSummary(r: InstanceRow): InstanceSummary {
    return {
      caseId: this.caseId,
      SeriesInstanceUID: r.series_instance_uid,
      SOPInstanceUID: r.sop_instance_uid,
      SOPClassUID: r.sop_class_uid,
      InstanceNumber: r.instance_number,
      TransferSyntaxUID: r.transfer_syntax_uid,
      Rows: r.rows,
      Columns: r.columns,
      NumberOfFrames: r.number_of_frames,
      ImagePositionPatient: numbers(r.image_position_patient),
      ImageOrientationPatient: numbers(r.image_orientation_patient),
      SliceLocation: r.slice_location,
      displayable: r.displayable === 1,
      reason: r.unsupported_reason,
      pixelPath: `dicom/${encodeURIComponent(this.caseId)}/${encodeURIComponent(r.sop_instance_uid)}`,
    };
  }

  storePath(sopInstanceUID: string): string | null {
    return (this.db.prepare('SELECT store_path FROM instances WHERE sop_instance_uid = ?').pluck().get(sopInstanceUID) as
      | string
      | undefined) ?? null;
  }

  audit(action: string, actor: string, detail: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO case_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)')
      .run(new Date().toISOString(), actor, action, JSON.stringify(detail));
  }
}

/** Orders slices by position along the normal of their (shared) orientation, head to foot, when every
 *  image has a position and the series has one orientation; otherwise keeps InstanceNumber order. */
export function sortForDisplay(instances: InstanceSummary[]): InstanceSummary[] {
  const first = instances[0]?.ImageOrientationPatient;
  const sameOrientation =
    first?.length === 6 &&
    instances.every((i) => i.ImagePositionPatient?.length === 3 && i.ImageOrientationPatient?.every((v, k) => Math.abs(v - (first[k] ?? 0)) < 1e-4));
  if (!first || !sameOrientation) return instances;
  const [r0, r1, r2, c0, c1, c2] = first as [number, number, number, number, number, number];
  const normal = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0] as const;
  const along = (i: InstanceSummary): number => {
    const p = i.ImagePositionPatient as number[];
    return (p[0] ?? 0) * normal[0] + (p[1] ?? 0) * normal[1] + (p[2] ?? 0) * normal[2];
  };
  // Descending along the normal: for axial slices (normal +z, LPS: towards the head) that is head first.
  return [...instances].sort((a, b) => along(b) - along(a));
}
