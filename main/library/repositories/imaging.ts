// The imaging repository of a case file: its studies, series and instances (and the one patient row
// they were imported with). A whole series is written in one transaction; reads go through the case
// file's read-only connection, writes through its writing one.
import type { InstanceSummary, SeriesSummary, StudySummary } from '../../../preload/api.ts';
import type { InstanceHeader, PatientHeader, SeriesHeader, StudyHeader } from '../../dicom/types.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type ReadableDb, type WritableDb } from '../../storage/database.ts';

export interface StoredInstance {
  header: InstanceHeader;
  displayable: boolean;
  unsupportedReason: string | null;
  /** Relative to the data directory. */
  storePath: string;
  fileSize: number;
  /** sha256 (hex) of the original file's bytes. */
  sha256: string;
}

/** What the case already holds for one SOP Instance UID. */
export interface StoredCopy {
  /** Null for instances imported before case migration 0002. */
  sha256: string | null;
  fileSize: number;
  storePath: string;
}

/** Same bytes as what is stored? Before migration 0002 no hash was kept: then same size counts as same. */
export function sameContent(stored: StoredCopy, sha256: string, fileSize: number): boolean {
  return stored.sha256 === null ? stored.fileSize === fileSize : stored.sha256 === sha256;
}

/** Per instance of a batch, in its order: added, already there with the same bytes, or a conflict. */
export type CommitOutcome = 'added' | 'skipped' | 'conflict';

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
  pixel_spacing: string | null;
  displayable: number;
  unsupported_reason: string | null;
}

/** What an InstanceSummary is read from (listInstances, instance). */
const INSTANCE_COLUMNS = `SELECT sop_instance_uid, series_instance_uid, sop_class_uid, instance_number, transfer_syntax_uid, rows,
  columns, number_of_frames, image_position_patient, image_orientation_patient, slice_location, pixel_spacing, displayable,
  unsupported_reason FROM instances`;

const numbers = (text: string | null): number[] | null => (text ? text.split('\\').map(Number) : null);
const pair = (text: string | null): [number, number] | null => {
  const values = numbers(text);
  return values?.length === 2 ? [values[0] as number, values[1] as number] : null;
};

export class ImagingRepository extends Repository {
  private readonly caseId: string;
  private readonly audit: CaseAudit;

  constructor(caseId: string, handles: { read: ReadableDb; write: WritableDb }, audit: CaseAudit) {
    super(handles);
    this.caseId = caseId;
    this.audit = audit;
  }

  /** Instances still stored in clear by a release before the encrypted store (their names end in .dcm). */
  clearStored(): Array<{ SOPInstanceUID: string; storePath: string }> {
    return this.read
      .prepare("SELECT sop_instance_uid AS SOPInstanceUID, store_path AS storePath FROM instances WHERE store_path LIKE '%.dcm'")
      .all() as Array<{ SOPInstanceUID: string; storePath: string }>;
  }

  /** Points an instance at its new place in the store. */
  relocateStored(sopInstanceUID: string, storePath: string): void {
    this.write.prepare('UPDATE instances SET store_path = ? WHERE sop_instance_uid = ?').run(storePath, sopInstanceUID);
  }

  /** Every store path a committed instance refers to. */
  storedPaths(): Set<string> {
    return new Set(this.read.prepare('SELECT store_path FROM instances').pluck().all() as string[]);
  }

  /** The instances among `uids` that this case already holds. */
  existingInstances(uids: readonly string[], db: ReadableDb = this.read): Map<string, StoredCopy> {
    const found = new Map<string, StoredCopy>();
    const stmt = db.prepare('SELECT sha256, file_size AS fileSize, store_path AS storePath FROM instances WHERE sop_instance_uid = ?');
    for (const uid of uids) {
      const row = stmt.get(uid) as StoredCopy | undefined;
      if (row) found.set(uid, row);
    }
    return found;
  }

  /** Writes one series (and its study and patient rows) atomically. Instances another process stored
   *  since this import looked are checked again here, under the write lock (BEGIN IMMEDIATE). */
  commitSeries(batch: SeriesBatch, importedAt: string): CommitOutcome[] {
    const db = this.write;
    return db.transaction(() => {
      // Read through the writing connection, inside the transaction: what another process committed
      // before we took the lock is seen.
      const existing = this.existingInstances(batch.instances.map((i) => i.header.SOPInstanceUID), db);
      const outcomes: CommitOutcome[] = batch.instances.map((i) => {
        const stored = existing.get(i.header.SOPInstanceUID);
        if (!stored) return 'added';
        return sameContent(stored, i.sha256, i.fileSize) ? 'skipped' : 'conflict';
      });
      const fresh = batch.instances.filter((_, k) => outcomes[k] === 'added');
      if (fresh.length > 0) this.insertSeries(batch, fresh, importedAt);
      return outcomes;
    }).immediate();
  }

  private insertSeries(batch: SeriesBatch, fresh: StoredInstance[], importedAt: string): void {
    const db = this.write;
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
      `INSERT INTO instances (sop_instance_uid, series_instance_uid, sop_class_uid, instance_number,
         transfer_syntax_uid, rows, columns, number_of_frames, image_position_patient, image_orientation_patient,
         slice_location, displayable, unsupported_reason, store_path, file_size, imported_at, sha256, pixel_spacing)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const item of fresh) {
      const h = item.header;
      insert.run(
        h.SOPInstanceUID, se.SeriesInstanceUID, h.SOPClassUID, h.InstanceNumber, h.TransferSyntaxUID,
        h.Rows, h.Columns, h.NumberOfFrames, h.ImagePositionPatient?.join('\\') ?? null,
        h.ImageOrientationPatient?.join('\\') ?? null, h.SliceLocation,
        item.displayable ? 1 : 0, item.unsupportedReason, item.storePath, item.fileSize, importedAt, item.sha256,
        h.PixelSpacing?.join('\\') ?? null,
      );
    }
    this.audit.append({ at: importedAt, actor: 'import', action: 'series.import', detail: { SeriesInstanceUID: se.SeriesInstanceUID, added: fresh.length } });
  }

  counts(): { studies: number; series: number; instances: number } {
    const count = (table: string): number => this.read.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { studies: count('studies'), series: count('series'), instances: count('instances') };
  }

  listStudies(): StudySummary[] {
    const rows = this.read
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
    const rows = this.read
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

  /** The study an instance belongs to, or null. */
  studyOf(sopInstanceUID: string): string | null {
    return (this.read
      .prepare('SELECT se.study_instance_uid FROM instances i JOIN series se ON se.series_instance_uid = i.series_instance_uid WHERE i.sop_instance_uid = ?')
      .pluck()
      .get(sopInstanceUID) as string | undefined) ?? null;
  }

  /** One instance, or null when the case does not hold it. */
  instance(sopInstanceUID: string): InstanceSummary | null {
    const row = this.read
      .prepare(
        `${INSTANCE_COLUMNS} WHERE sop_instance_uid = ?`,
      )
      .get(sopInstanceUID) as InstanceRow | undefined;
    return row ? this.toSummary(row) : null;
  }

  /** Instances in display order: along the slice normal when positions are known, else by InstanceNumber. */
  listInstances(seriesInstanceUID: string): InstanceSummary[] {
    const rows = this.read
      .prepare(
        `${INSTANCE_COLUMNS} WHERE series_instance_uid = ? ORDER BY instance_number, sop_instance_uid`,
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
      PixelSpacing: pair(r.pixel_spacing),
      displayable: r.displayable === 1,
      reason: r.unsupported_reason,
    };
  }

  storePath(sopInstanceUID: string): string | null {
    return (this.read.prepare('SELECT store_path FROM instances WHERE sop_instance_uid = ?').pluck().get(sopInstanceUID) as
      | string
      | undefined) ?? null;
  }

  /** The series an instance belongs to, or null when the case does not hold it. */
  seriesOf(sopInstanceUID: string): string | null {
    return (this.read.prepare('SELECT series_instance_uid FROM instances WHERE sop_instance_uid = ?').pluck().get(sopInstanceUID) as
      | string
      | undefined) ?? null;
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
