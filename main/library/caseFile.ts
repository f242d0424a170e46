// One patient's case file: it composes one repository per capability (imaging, annotations; inference
// and genomics add theirs, each with its migrations in the one ordered list) and the case's
// own audit chain. Its DICOM files in the store are encrypted with a key derived from the case key.
import { deriveSubkey } from '../security/keys.ts';
import { CaseAudit, type ChainCheck } from '../security/repositories/auditChain.ts';
import { openDatabase, type DatabaseHandles, type WritableDb } from '../storage/database.ts';
import { copyInto } from '../storage/maintenance.ts';
import { CASE_MIGRATIONS } from './migrations/index.ts';
import { AnnotationsRepository } from './repositories/annotations.ts';
import { FrameLinksRepository } from './repositories/frameLinks.ts';
import { GenomicsRepository } from './repositories/genomics.ts';
import { VariantAnnotationsRepository } from './repositories/variantAnnotations.ts';
import { VariantLinksRepository } from './repositories/variantLinks.ts';
import { VariantScoresRepository } from './repositories/variantScores.ts';
import { InferenceRepository } from './repositories/inference.ts';
import { InferenceMaskEditsRepository } from './repositories/inferenceMaskEdits.ts';
import { InferenceMasksRepository } from './repositories/inferenceMasks.ts';
import { ImagingRepository } from './repositories/imaging.ts';
import { KeyImagesRepository } from './repositories/keyImages.ts';
import { ReportsRepository } from './repositories/reports.ts';

export class CaseFile {
  readonly caseId: string;
  /** The writing connection: for maintenance and tests; code reaches tables through repositories. */
  readonly db: WritableDb;
  /** Encrypts and decrypts this case's files in the DICOM store (derived from the case key). */
  readonly storeKey: Buffer;
  readonly imaging: ImagingRepository;
  readonly annotations: AnnotationsRepository;
  readonly frameLinks: FrameLinksRepository;
  readonly keyImages: KeyImagesRepository;
  /** Measurement reports (DICOM SR, TID 1500) imported into the case. */
  readonly reports: ReportsRepository;
  /** Model runs with their provenance, and their findings with review state. */
  readonly inference: InferenceRepository;
  /** Which runs have a stored label volume (masks/<caseId>/<runId>), on which grid, with which labels. */
  readonly inferenceMasks: InferenceMasksRepository;
  /** Clinicians' saved edits of those masks, each a new file; the latest is the run's mask. */
  readonly inferenceMaskEdits: InferenceMaskEditsRepository;
  /** Attached VCFs and the variants their samples carry. */
  readonly genomics: GenomicsRepository;
  /** Annotation runs with their pack versions, each variant's ClinVar/CIViC call and tier, and overrides. */
  readonly variantAnnotations: VariantAnnotationsRepository;
  readonly variantLinks: VariantLinksRepository;
  /** Scoring runs with the model they used (or why none), and each scored variant's score. */
  readonly variantScores: VariantScoresRepository;
  private readonly auditChain: CaseAudit;
  /** Both connections (read-only and writing), for maintenance and tests. */
  readonly handles: DatabaseHandles;

  private constructor(caseId: string, handles: DatabaseHandles, storeKey: Buffer) {
    this.caseId = caseId;
    this.handles = handles;
    this.db = handles.write;
    this.storeKey = storeKey;
    this.auditChain = new CaseAudit(handles);
    this.imaging = new ImagingRepository(caseId, handles, this.auditChain);
    this.annotations = new AnnotationsRepository(handles, this.auditChain);
    this.frameLinks = new FrameLinksRepository(handles, this.auditChain);
    this.keyImages = new KeyImagesRepository(handles, this.auditChain);
    this.reports = new ReportsRepository(handles, this.auditChain);
    this.inference = new InferenceRepository(caseId, handles, this.auditChain);
    this.inferenceMasks = new InferenceMasksRepository(caseId, handles);
    this.inferenceMaskEdits = new InferenceMaskEditsRepository(handles, this.auditChain);
    this.genomics = new GenomicsRepository(caseId, handles, this.auditChain);
    this.variantAnnotations = new VariantAnnotationsRepository(handles, this.auditChain);
    this.variantLinks = new VariantLinksRepository(handles, this.auditChain);
    this.variantScores = new VariantScoresRepository(handles, this.auditChain);
  }

  static open(caseId: string, path: string, key: Buffer): CaseFile {
    const handles = openDatabase(path, key, { migrations: CASE_MIGRATIONS, label: `Case file ${caseId}` });
    return new CaseFile(caseId, handles, deriveSubkey(key, 'dicom-store'));
  }

  close(): void {
    this.handles.close();
  }

  audit(action: string, actor: string, detail: Record<string, unknown>): void {
    this.auditChain.append({ actor, action, detail });
  }

  checkAudit(): ChainCheck {
    return this.auditChain.check();
  }

  /** A consistent copy of the whole file (same key) at `path`, for an export. */
  copyInto(path: string): void {
    copyInto(this.handles.read, path);
  }
}
