// The library: the patient index (library.sqlite) and the per-patient case files (cases/<id>.sqlite).
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { PatientSummary } from '../../preload/api.ts';
import type { PatientHeader } from '../dicom/types.ts';
import { AppError } from '../errors.ts';
import { appendAudit, type AuditEvent } from '../security/audit.ts';
import { deriveSubkey, newDataKey, unwrapKey, wrapKey } from '../security/keys.ts';
import { CaseFile } from './caseFile.ts';
import { openEncryptedDb, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { LIBRARY_MIGRATIONS } from './migrations/index.ts';
import { patientTerms, prefixGlob, searchWords } from './patientSearch.ts';

interface PatientRow {
  case_id: string;
  patient_id: string;
  patient_name: string;
  birth_date: string;
  sex: string;
  study_count: number;
  series_count: number;
  instance_count: number;
}

/** Which case a file belongs to: PatientID, else the name, else (anonymous) its study. */
export function patientKeyOf(patient: PatientHeader, studyInstanceUID: string): string {
  if (patient.PatientID.trim()) return `id:${patient.PatientID.trim()}`;
  if (patient.PatientName.trim()) return `name:${patient.PatientName.trim()}`;
  return `study:${studyInstanceUID}`;
}

export class Library {
  readonly dataDir: string;
  readonly db: Db;
  readonly schemaVersion: number;
  private readonly masterKey: Buffer;
  private readonly openCases = new Map<string, CaseFile>();

  private constructor(dataDir: string, db: Db, masterKey: Buffer, schemaVersion: number) {
    this.dataDir = dataDir;
    this.db = db;
    this.masterKey = masterKey;
    this.schemaVersion = schemaVersion;
  }

  static open(dataDir: string, masterKey: Buffer): Library {
    mkdirSync(join(dataDir, 'cases'), { recursive: true });
    mkdirSync(join(dataDir, 'dicom'), { recursive: true });
    const db = openEncryptedDb(join(dataDir, 'library.sqlite'), deriveSubkey(masterKey, 'library'));
    try {
      return new Library(dataDir, db, masterKey, migrate(db, LIBRARY_MIGRATIONS, 'The library'));
    } catch (error) {
      db.close(); // a refused (newer) or failed file stays closed, so it can be replaced or retried
      throw error;
    }
  }

  close(): void {
    for (const c of this.openCases.values()) c.close();
    this.openCases.clear();
    this.db.close();
  }

  audit(event: AuditEvent): void {
    appendAudit(this.db, event);
  }

  patientCount(): number {
    return this.db.prepare('SELECT count(*) FROM patients WHERE instance_count > 0').pluck().get() as number;
  }

  /** Every word of the query must prefix-match a name part, the patient ID or the birth date. */
  searchPatients(query: string, limit: number): PatientSummary[] {
    const words = searchWords(query);
    // Patients whose first series never committed (an import killed early) stay hidden.
    const where = ['instance_count > 0', ...words.map(() => 'case_id IN (SELECT case_id FROM patient_terms WHERE term GLOB ?)')].join(' AND ');
    const rows = this.db
      .prepare(`SELECT * FROM patients WHERE ${where} ORDER BY sort_name, case_id LIMIT ?`)
      .all(...words.map(prefixGlob), limit) as PatientRow[];
    return rows.map((r) => ({
      caseId: r.case_id,
      PatientID: r.patient_id,
      PatientName: r.patient_name,
      PatientBirthDate: r.birth_date,
      PatientSex: r.sex,
      studyCount: r.study_count,
      seriesCount: r.series_count,
      instanceCount: r.instance_count,
    }));
  }

  hasCase(caseId: string): boolean {
    return this.db.prepare('SELECT 1 FROM patients WHERE case_id = ?').pluck().get(caseId) !== undefined;
  }

  /** The case of a patient, created (with its own data key) on first sight. */
  caseFor(patient: PatientHeader, studyInstanceUID: string): string {
    const key = patientKeyOf(patient, studyInstanceUID);
    const existing = this.db.prepare('SELECT case_id FROM patients WHERE patient_key = ?').pluck().get(key) as string | undefined;
    if (existing) return existing;
    const caseId = randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO patients (case_id, patient_key, patient_id, patient_name, birth_date, sex, sort_name, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(caseId, key, patient.PatientID, patient.PatientName, patient.PatientBirthDate, patient.PatientSex,
          searchWords(patient.PatientName).join(' '), now, now);
      const terms = this.db.prepare('INSERT OR IGNORE INTO patient_terms (term, case_id) VALUES (?, ?)');
      for (const term of patientTerms(patient)) terms.run(term, caseId);
      this.db.prepare('INSERT INTO case_keys (case_id, wrapped_key) VALUES (?, ?)').run(caseId, wrapKey(this.masterKey, newDataKey(), caseId));
    })();
    return caseId;
  }

  openCase(caseId: string): CaseFile {
    const cached = this.openCases.get(caseId);
    if (cached) return cached;
    const wrapped = this.db.prepare('SELECT wrapped_key FROM case_keys WHERE case_id = ?').pluck().get(caseId) as Buffer | undefined;
    if (!wrapped) throw new AppError('not-found', `No case ${caseId} in this library.`);
    const caseFile = CaseFile.open(caseId, join(this.dataDir, 'cases', `${caseId}.sqlite`), unwrapKey(this.masterKey, wrapped, caseId));
    this.openCases.set(caseId, caseFile);
    return caseFile;
  }

  /** Copies a case file's counts into the index after its content changed. */
  refreshCounts(caseId: string): void {
    const c = this.openCase(caseId).counts();
    this.db
      .prepare('UPDATE patients SET study_count = ?, series_count = ?, instance_count = ?, updated_at = ? WHERE case_id = ?')
      .run(c.studies, c.series, c.instances, new Date().toISOString(), caseId);
  }

  caseIds(): string[] {
    return this.db.prepare('SELECT case_id FROM patients ORDER BY case_id').pluck().all() as string[];
  }
}
