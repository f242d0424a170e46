// The library: the patient index (library.sqlite) and the per-patient case files (cases/<id>.sqlite).
// It composes the index's repositories and opens case files with their own keys; SQL lives in the
// repositories (repositories/), opening and migrating in main/storage.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { PatientSummary } from '../../preload/api.ts';
import type { PatientHeader } from '../dicom/types.ts';
import { AppError } from '../errors.ts';
import { LibraryAudit, type AuditEvent } from '../security/repositories/auditChain.ts';
import { deriveSubkey, newDataKey, unwrapKey, wrapKey } from '../security/keys.ts';
import { openDatabase, type DatabaseHandles, type WritableDb } from '../storage/database.ts';
import { CaseFile } from './caseFile.ts';
import { LIBRARY_MIGRATIONS } from './migrations/index.ts';
import { KnowledgePacks } from './repositories/knowledgePacks.ts';
import { HangingProtocols } from './repositories/hangingProtocols.ts';
import { MaintenanceLog } from './repositories/maintenanceLog.ts';
import { ModelRegistry } from './repositories/models.ts';
import { VcfHashIndex } from './repositories/vcfHashes.ts';
import { PatientIndex, patientKeyOf, type PatientKey, type PatientPage, type PatientRow } from './repositories/patientIndex.ts';

export { patientKeyOf };

/** Case files kept open at once; the least recently used is closed past this (each holds 2 connections). */
const MAX_OPEN_CASES = 64;

export class Library {
  readonly dataDir: string;
  /** The writing connection: for maintenance (erase, key change) and tests; code reaches tables through repositories. */
  readonly db: WritableDb;
  readonly schemaVersion: number;
  readonly index: PatientIndex;
  readonly auditLog: LibraryAudit;
  readonly maintenance: MaintenanceLog;
  readonly hangingProtocols: HangingProtocols;
  /** The ONNX models imported into this data directory and their recorded hashes. */
  readonly models: ModelRegistry;
  /** Which case each imported VCF (sha256) belongs to. */
  readonly vcfHashes: VcfHashIndex;
  /** The knowledge packs (ClinVar, CIViC, gene annotations, references) and their recorded hashes. */
  readonly knowledgePacks: KnowledgePacks;
  /** Both connections (read-only and writing), for maintenance and tests. */
  readonly handles: DatabaseHandles;
  private readonly masterKey: Buffer;
  /** Open case files, least recently used first (a Map keeps insertion order). */
  private readonly openCases = new Map<string, CaseFile>();

  private constructor(dataDir: string, handles: DatabaseHandles, masterKey: Buffer) {
    this.dataDir = dataDir;
    this.handles = handles;
    this.db = handles.write;
    this.schemaVersion = handles.schemaVersion;
    this.masterKey = masterKey;
    this.index = new PatientIndex(handles);
    this.auditLog = new LibraryAudit(handles);
    this.maintenance = new MaintenanceLog(handles);
    this.hangingProtocols = new HangingProtocols(handles, this.auditLog);
    this.models = new ModelRegistry(handles, this.auditLog);
    this.vcfHashes = new VcfHashIndex(handles);
    this.knowledgePacks = new KnowledgePacks(handles, this.auditLog);
  }

  static open(dataDir: string, masterKey: Buffer): Library {
    mkdirSync(join(dataDir, 'cases'), { recursive: true });
    mkdirSync(join(dataDir, 'dicom'), { recursive: true });
    const handles = openDatabase(join(dataDir, 'library.sqlite'), deriveSubkey(masterKey, 'library'), { migrations: LIBRARY_MIGRATIONS, label: 'The library' });
    return new Library(dataDir, handles, masterKey);
  }

  close(): void {
    for (const c of this.openCases.values()) c.close();
    this.openCases.clear();
    this.handles.close();
  }

  audit(event: AuditEvent): void {
    this.auditLog.append(event);
  }

  patientCount(): number {
    return this.index.count('');
  }

  /** Every word of the query must prefix-match a name part, the patient ID or the birth date. */
  searchPatients(query: string, limit: number): PatientSummary[] {
    return this.index.page(query, null, limit).items;
  }

  patientPage(query: string, after: PatientKey | null, limit: number): PatientPage {
    return this.index.page(query, after, limit);
  }

  countPatients(query: string): number {
    return this.index.count(query);
  }

  hasCase(caseId: string): boolean {
    return this.index.has(caseId);
  }

  /** The case id itself, or the case of a PatientID; null when neither is in the library. */
  findCase(caseIdOrPatientId: string): string | null {
    return this.index.find(caseIdOrPatientId);
  }

  /** The case of a patient, created (with its own data key) on first sight. */
  caseFor(patient: PatientHeader, studyInstanceUID: string): string {
    const key = patientKeyOf(patient, studyInstanceUID);
    const existing = this.index.caseIdOf(key);
    if (existing) return existing;
    // Looked up again under the write lock (BEGIN IMMEDIATE): another process importing the same new
    // patient at the same moment may have created the case since; then both use that one.
    return this.locked(() => {
      const created = this.index.caseIdOf(key, this.db);
      if (created) return created;
      const caseId = randomUUID();
      const row: PatientRow = { caseId, patientKey: key, ...patient };
      this.index.insert(row, wrapKey(this.masterKey, newDataKey(), caseId));
      return caseId;
    });
  }

  openCase(caseId: string): CaseFile {
    const cached = this.openCases.get(caseId);
    if (cached) {
      this.openCases.delete(caseId);
      this.openCases.set(caseId, cached);
      return cached;
    }
    const caseFile = CaseFile.open(caseId, join(this.dataDir, 'cases', `${caseId}.sqlite`), this.caseKey(caseId));
    this.openCases.set(caseId, caseFile);
    // A library of thousands of patients must not hold thousands of files open (the process limit).
    for (const [id, file] of this.openCases) {
      if (this.openCases.size <= MAX_OPEN_CASES) break;
      file.close();
      this.openCases.delete(id);
    }
    return caseFile;
  }

  /** Runs `work` under the library's write lock (BEGIN IMMEDIATE): a look and a write that another
   *  process must not split (new patients, import records, erasing). */
  locked<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Copies a case file's counts into the index after its content changed. */
  refreshCounts(caseId: string): void {
    // Counted under the library's write lock, so that of two processes committing to one case, the one
    // writing last also counted last (and saw the other's series).
    this.locked(() => this.index.setCounts(caseId, this.openCase(caseId).imaging.counts()));
  }

  caseIds(): string[] {
    return this.index.caseIds();
  }

  /** A case file's raw key, for an export that carries it under the export's own passphrase. */
  caseKey(caseId: string): Buffer {
    const wrapped = this.index.wrappedKey(caseId);
    if (!wrapped) throw new AppError('not-found', `No case ${caseId} in this library.`);
    return unwrapKey(this.masterKey, wrapped, caseId);
  }

  /** `key` wrapped under this library's master key, for a case brought in by an import. */
  wrapCaseKey(caseId: string, key: Buffer): Buffer {
    return wrapKey(this.masterKey, key, caseId);
  }

  /** Closes a case file this library holds open (before it is erased). */
  closeCase(caseId: string): void {
    this.openCases.get(caseId)?.close();
    this.openCases.delete(caseId);
  }
}
