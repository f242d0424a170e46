// The library's patient index (patients, patient_terms) and the wrapped case keys (case_keys): enough
// to list, search and page patients without opening a case file, and to open a case with its key.
// The patient list pages by keyset on (sort_name, case_id), the order of the index
// patients_by_sort_name, so page 50 of a 10,000-patient library costs what page 1 costs.
import type { PatientSummary } from '../../../preload/api.ts';
import type { PatientHeader } from '../../dicom/types.ts';
import { Repository, type ReadableDb, type WritableDb } from '../../storage/database.ts';
import { patientTerms, prefixGlob, searchWords } from '../patientSearch.ts';

/** The sort key of one row: where the next page starts (after this row). */
export interface PatientKey {
  sortName: string;
  caseId: string;
}

export interface PatientPage {
  items: PatientSummary[];
  /** Key of the last row when more rows may follow, else null. */
  nextKey: PatientKey | null;
}

interface IndexRow {
  case_id: string;
  patient_id: string;
  patient_name: string;
  birth_date: string;
  sex: string;
  sort_name: string;
  study_count: number;
  series_count: number;
  instance_count: number;
}

/** WHERE terms shared by the page, the count and the plain search: every query word must match. */
function matching(query: string): { where: string[]; params: string[] } {
  const words = searchWords(query);
  // Patients whose first series never committed (an import killed early) stay hidden; a patient with no
  // images but an attached VCF (claimed in vcf_hashes only as its import commits) is listed.
  const where = ['(instance_count > 0 OR case_id IN (SELECT case_id FROM vcf_hashes))', ...words.map(() => 'case_id IN (SELECT case_id FROM patient_terms WHERE term GLOB ?)')];
  return { where, params: words.map(prefixGlob) };
}

function toSummary(r: IndexRow): PatientSummary {
  return {
    caseId: r.case_id,
    PatientID: r.patient_id,
    PatientName: r.patient_name,
    PatientBirthDate: r.birth_date,
    PatientSex: r.sex,
    studyCount: r.study_count,
    seriesCount: r.series_count,
    instanceCount: r.instance_count,
  };
}

/** Up to `limit` matching patients in name order, starting after `after` (null: from the start). */
function patientPage(db: ReadableDb, query: string, after: PatientKey | null, limit: number): PatientPage {
  const { where, params } = matching(query);
  const keyset: Array<string | number> = [];
  if (after) {
    where.push('(sort_name, case_id) > (?, ?)');
    keyset.push(after.sortName, after.caseId);
  }
  // One row more than asked says whether another page exists without a second query.
  const rows = db
    .prepare(`SELECT * FROM patients WHERE ${where.join(' AND ')} ORDER BY sort_name, case_id LIMIT ?`)
    .all(...params, ...keyset, limit + 1) as IndexRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextKey = rows.length > limit && last ? { sortName: last.sort_name, caseId: last.case_id } : null;
  return { items: page.map(toSummary), nextKey };
}

/** How many patients match `query` (the count a list shows above its rows). */
function countPatients(db: ReadableDb, query: string): number {
  const { where, params } = matching(query);
  return db.prepare(`SELECT count(*) FROM patients WHERE ${where.join(' AND ')}`).pluck().get(...params) as number;
}

/** The patients row of one case, as an export carries it. */
export interface PatientRow {
  caseId: string;
  /** How the library groups files into this case: `id:<PatientID>`, `name:<name>` or `study:<uid>`. */
  patientKey: string;
  PatientID: string;
  PatientName: string;
  PatientBirthDate: string;
  PatientSex: string;
}

function readPatientRow(db: ReadableDb, caseId: string): PatientRow | null {
  const row = db
    .prepare(
      `SELECT case_id AS caseId, patient_key AS patientKey, patient_id AS PatientID, patient_name AS PatientName,
         birth_date AS PatientBirthDate, sex AS PatientSex FROM patients WHERE case_id = ?`,
    )
    .get(caseId) as PatientRow | undefined;
  return row ?? null;
}

/** Which existing case, if any, an incoming one would collide with (same case id or same patient). */
function existingCaseFor(db: ReadableDb, row: PatientRow): string | null {
  const found = db.prepare('SELECT case_id FROM patients WHERE case_id = ? OR patient_key = ?').pluck().get(row.caseId, row.patientKey);
  return (found as string | undefined) ?? null;
}

/** Inserts the index rows of an imported case; its counts are filled in by Library.refreshCounts. */
function insertCaseRows(db: WritableDb, row: PatientRow, wrappedKey: Buffer): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO patients (case_id, patient_key, patient_id, patient_name, birth_date, sex, sort_name, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.caseId, row.patientKey, row.PatientID, row.PatientName, row.PatientBirthDate, row.PatientSex,
    searchWords(row.PatientName).join(' '), now, now);
  const terms = db.prepare('INSERT OR IGNORE INTO patient_terms (term, case_id) VALUES (?, ?)');
  for (const term of patientTerms(row)) terms.run(term, row.caseId);
  db.prepare('INSERT INTO case_keys (case_id, wrapped_key) VALUES (?, ?)').run(row.caseId, wrappedKey);
}

/** Deletes the index rows of a case; the caller turns secure_delete on first, so the freed bytes of
 *  the wrapped key are overwritten with zeros rather than left in the page. */
function deleteCaseRows(db: WritableDb, caseId: string): void {
  db.prepare('DELETE FROM case_keys WHERE case_id = ?').run(caseId);
  db.prepare('DELETE FROM patient_terms WHERE case_id = ?').run(caseId);
  db.prepare('DELETE FROM patients WHERE case_id = ?').run(caseId);
}

/** Which case a file belongs to: PatientID, else the name, else (anonymous) its study. */
export function patientKeyOf(patient: PatientHeader, studyInstanceUID: string): string {
  if (patient.PatientID.trim()) return `id:${patient.PatientID.trim()}`;
  if (patient.PatientName.trim()) return `name:${patient.PatientName.trim()}`;
  return `study:${studyInstanceUID}`;
}

export class PatientIndex extends Repository {
  /** One page of matching patients in name order, after `after` (null: the first page). */
  page(query: string, after: PatientKey | null, limit: number): PatientPage {
    return patientPage(this.read, query, after, limit);
  }

  count(query: string): number {
    return countPatients(this.read, query);
  }

  has(caseId: string): boolean {
    return this.read.prepare('SELECT 1 FROM patients WHERE case_id = ?').pluck().get(caseId) !== undefined;
  }

  caseIds(): string[] {
    return this.read.prepare('SELECT case_id FROM patients ORDER BY case_id').pluck().all() as string[];
  }

  /** The case of a patient key, read through `db` (the writing connection inside a transaction). */
  caseIdOf(patientKey: string, db: ReadableDb = this.read): string | null {
    return (db.prepare('SELECT case_id FROM patients WHERE patient_key = ?').pluck().get(patientKey) as string | undefined) ?? null;
  }

  /** The case with this case id, else the first case of this PatientID. */
  find(caseIdOrPatientId: string): string | null {
    const found = this.read
      .prepare('SELECT case_id FROM patients WHERE case_id = ? OR patient_id = ? ORDER BY case_id = ? DESC LIMIT 1')
      .pluck()
      .get(caseIdOrPatientId, caseIdOrPatientId, caseIdOrPatientId);
    return (found as string | undefined) ?? null;
  }

  /** A patient as the list shows it. */
  summary(caseId: string): PatientSummary | null {
    const row = this.read.prepare('SELECT * FROM patients WHERE case_id = ?').get(caseId) as IndexRow | undefined;
    return row ? toSummary(row) : null;
  }

  row(caseId: string): PatientRow | null {
    return readPatientRow(this.read, caseId);
  }

  collidingCase(row: PatientRow): string | null {
    return existingCaseFor(this.read, row);
  }

  /** Index rows and wrapped key of a new case (in the caller's transaction). */
  insert(row: PatientRow, wrappedKey: Buffer): void {
    insertCaseRows(this.write, row, wrappedKey);
  }

  /** Removes a case's index rows and wrapped key (in the caller's transaction, secure_delete on). */
  remove(caseId: string): void {
    deleteCaseRows(this.write, caseId);
  }

  setCounts(caseId: string, counts: { studies: number; series: number; instances: number }): void {
    this.write
      .prepare('UPDATE patients SET study_count = ?, series_count = ?, instance_count = ?, updated_at = ? WHERE case_id = ?')
      .run(counts.studies, counts.series, counts.instances, new Date().toISOString(), caseId);
  }

  wrappedKey(caseId: string): Buffer | null {
    return (this.read.prepare('SELECT wrapped_key FROM case_keys WHERE case_id = ?').pluck().get(caseId) as Buffer | undefined) ?? null;
  }

  /** Every case's wrapped key, through `db` (a key change holds the file to itself). */
  allWrappedKeys(db: ReadableDb = this.read): Array<{ caseId: string; wrappedKey: Buffer }> {
    return db.prepare('SELECT case_id AS caseId, wrapped_key AS wrappedKey FROM case_keys').all() as Array<{ caseId: string; wrappedKey: Buffer }>;
  }
}

/** Re-wraps every case key (a key change) in the caller's transaction on `db`. */
export function replaceWrappedKeys(db: WritableDb, rewrap: (caseId: string, wrapped: Buffer) => Buffer): number {
  const rows = db.prepare('SELECT case_id AS caseId, wrapped_key AS wrappedKey FROM case_keys').all() as Array<{ caseId: string; wrappedKey: Buffer }>;
  const update = db.prepare('UPDATE case_keys SET wrapped_key = ? WHERE case_id = ?');
  for (const row of rows) update.run(rewrap(row.caseId, row.wrappedKey), row.caseId);
  return rows.length;
}
