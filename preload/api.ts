// The one API contract between the renderer and the main process.
// Main, preload and renderer compile against this file; both transports (Electron IPC and the
// loopback web host) are generated from API_CHANNELS, so a call cannot exist on one and not the other.
// This module holds types and plain constants only: it runs in the renderer, the preload and Node.

export interface LibraryStatus {
  dataDir: string;
  schemaVersion: number;
  encrypted: boolean;
  patientCount: number;
  transport: 'electron' | 'web';
}

/** A page of a list that can grow: `next` is an opaque cursor for the following page, null at the end. */
export interface PatientPage {
  items: PatientSummary[];
  next: string | null;
  /** How many patients match in all (not only on this page). */
  total: number;
}

/** A patient as listed in the library index (one case file per patient). */
export interface PatientSummary {
  caseId: string;
  PatientID: string;
  PatientName: string;
  /** DICOM DA, YYYYMMDD, or '' when unknown. */
  PatientBirthDate: string;
  PatientSex: string;
  studyCount: number;
  seriesCount: number;
  instanceCount: number;
}

export interface StudySummary {
  caseId: string;
  StudyInstanceUID: string;
  StudyDate: string;
  StudyTime: string;
  StudyDescription: string;
  AccessionNumber: string;
  /** Modalities in the study, e.g. ['CT', 'SR']. */
  modalities: string[];
  seriesCount: number;
  instanceCount: number;
}

export interface SeriesSummary {
  caseId: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  Modality: string;
  SeriesNumber: number | null;
  SeriesDescription: string;
  instanceCount: number;
  /** Instance shown as the thumbnail (the middle image), or null for series without images. */
  thumbnailSOPInstanceUID: string | null;
}
/** Whether the viewer can show an instance's pixels exactly, decided at import from its header. */
export interface Displayability {
  displayable: boolean;
  /** Set when not displayable: a sentence for the user, e.g. "Unsupported transfer syntax: ...". */
  reason: string | null;
}

export type { AnnotationInput, AnnotationRecord, Finding, KeyImage, KeyObjectDocument, PatientPoint } from './annotations.ts';
import type { AnnotationInput, AnnotationRecord, Finding, KeyImage, KeyObjectDocument, PatientPoint } from './annotations.ts';

export interface InstanceSummary extends Displayability {
  caseId: string;
  SeriesInstanceUID: string;
  SOPInstanceUID: string;
  SOPClassUID: string;
  InstanceNumber: number | null;
  TransferSyntaxUID: string;
  Rows: number;
  Columns: number;
  NumberOfFrames: number;
  /** Patient coordinates (mm, LPS) of the first voxel, or null. */
  ImagePositionPatient: number[] | null;
  ImageOrientationPatient: number[] | null;
  SliceLocation: number | null;
  /** (0028,0030): distance between rows, then between columns, in mm; null when the file has none
   *  (or it was imported before this field was kept). Volumes need it before any pixel is loaded. */
  PixelSpacing: [number, number] | null;
}

export type { ErrorCode, ImportFailureCode } from './errorCodes.ts';
import type { ErrorCode } from './errorCodes.ts';
export type { CodedValue, ImportedReport, MeasurementModifier, MeasurementReportImport, ReportGeometry, ReportMeasurement, SrExport } from './reports.ts';
import type { ImportedReport, SrExport } from './reports.ts';
export type { ModelListEntry, ModelRecord, ModelSummary, ModelTask } from './models.ts';
import type { ModelsApi } from './models.ts';
export type * from './knowledge.ts';
import { KNOWLEDGE_CHANNELS, type KnowledgeArea, type KnowledgeJobResults } from './knowledge.ts';
export type { AnalyzeCheck, AnalyzeResult, BiomarkerValue, InferenceFinding, InferenceRun, InferenceRunDetail, InferenceRunStatus, ReviewedFinding, ReviewState } from './inference.ts';
import type { AnalyzeApi, AnalyzeCheck, AnalyzeResult, InferenceApi, MaskEditResult } from './inference.ts';
export type { ExportedSegment, MaskGeometry, MaskLabel, RunMask, SegExport } from './masks.ts';
import type { SegExport } from './masks.ts';
export type { EditedFindingMeasurements, MaskEdit, MaskEditArgs, MaskEditResult } from './maskEdits.ts';
export type { ImportConflict, ImportFailure, ImportReport, SegmentationImport } from './importReport.ts';
import type { ImportReport } from './importReport.ts';
export type { FrameLink, HangingProtocol, LayoutName } from './arrangement.ts';
import type { FrameLink, HangingProtocol, LayoutName } from './arrangement.ts';
export type * from './genomics.ts';
export type * from './variantViews.ts';
import { VARIANT_VIEW_CHANNELS, type VariantViewsArea } from './variantViews.ts';
import { GENOMICS_CHANNELS, type GenomicsApi, type VcfImportResult } from './genomics.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What each job kind produces; main/jobs/registry.ts must register exactly these kinds. */
export interface JobResults extends KnowledgeJobResults {
  import: ImportReport;
  analyze: AnalyzeResult;
  'analyze-check': AnalyzeCheck;
  'mask-edit': MaskEditResult;
  'vcf-import': VcfImportResult;
}
export type JobKindName = keyof JobResults;

interface JobStatusOf<K extends JobKindName> {
  jobId: string;
  kind: K;
  state: JobState;
  phase: string;
  done: number;
  total: number;
  /** The kind's result once the job is done (or cancelled with a partial result). */
  report: JobResults[K] | null;
  error: ApiErrorData | null;
}

/** A job's status, a union by kind: `status.kind === 'import'` narrows `report` to an ImportReport. */
export type JobStatus = { [K in JobKindName]: JobStatusOf<K> }[JobKindName];

export interface ApiErrorData {
  /** Stable code a client can branch on, from the one list (preload/errorCodes.ts). */
  code: ErrorCode;
  /** One sentence a person can act on. */
  message: string;
}

/** Every call the renderer can make: area.verb with one argument object and a typed result. */
export interface PrecisApi extends KnowledgeArea, VariantViewsArea, Record<'genomics', GenomicsApi> {
  library: {
    status(args: Record<string, never>): Promise<LibraryStatus>;
  };
  patients: {
    /** One page of matching patients in name order; pass `next` back as `cursor` for the page after. */
    search(args: { query?: string; cursor?: string; limit?: number }): Promise<PatientPage>;
  };
  studies: {
    list(args: { caseId: string }): Promise<StudySummary[]>;
  };
  series: {
    list(args: { caseId: string; StudyInstanceUID: string }): Promise<SeriesSummary[]>;
    instances(args: { caseId: string; SeriesInstanceUID: string }): Promise<InstanceSummary[]>;
  };
  import: {
    /** Import files or folders that exist on this machine. */
    start(args: { paths: string[] }): Promise<{ jobId: string }>;
    /** Upload one file of a drag-and-drop or file-picker selection into a staging batch. */
    stageFile(args: { batchId: string; relativePath: string; bytes: Uint8Array }): Promise<{ size: number }>;
    /** Import everything staged in a batch, then remove the staging copy. */
    startStaged(args: { batchId: string }): Promise<{ jobId: string }>;
  };
  jobs: {
    get(args: { jobId: string }): Promise<JobStatus>;
    /** Queued and running jobs, then the recently finished ones: what a client re-reads after missing events. */
    list(args: Record<string, never>): Promise<JobStatus[]>;
    cancel(args: { jobId: string }): Promise<JobStatus>;
  };
  demo: {
    /** Generate the synthetic CT phantom case and import it. */
    load(args: Record<string, never>): Promise<{ jobId: string }>;
  };
  annotations: {
    /** The case's annotations (of one series when given), oldest first. */
    list(args: { caseId: string; SeriesInstanceUID?: string }): Promise<AnnotationRecord[]>;
    /** Keeps a new annotation or replaces the stored one with the same UID; audited in the case. */
    save(args: { caseId: string; annotation: AnnotationInput }): Promise<AnnotationRecord>;
    /** Removes an annotation; audited. `deleted` is false when it was not there. */
    delete(args: { caseId: string; annotationUID: string }): Promise<{ deleted: boolean }>;
    /** Makes an annotation a finding, changes it, or (null) makes it a plain measurement again; audited. */
    setFinding(args: { caseId: string; annotationUID: string; finding: Finding | null }): Promise<AnnotationRecord>;
  };
  hangingProtocols: {
    list(args: Record<string, never>): Promise<HangingProtocol[]>;
    /** Saves the layout studies of `modality` open in; audited in the library. */
    save(args: { modality: string; layout: LayoutName }): Promise<HangingProtocol>;
  };
  frameLinks: {
    /** The case's Frame of Reference links, each both ways. */
    list(args: { caseId: string }): Promise<FrameLink[]>;
    /** Links two Frames of Reference (replacing a link between them); audited. */
    link(args: { caseId: string; from: string; to: string; offset: PatientPoint }): Promise<FrameLink>;
    unlink(args: { caseId: string; from: string; to: string }): Promise<{ unlinked: boolean }>;
  };
  keyImages: {
    /** The case's key images, newest study first, then by series, image and frame. */
    list(args: { caseId: string }): Promise<KeyImage[]>;
    /** Marks (key: true) or unmarks an image of the case; audited in the case when it changes anything. */
    set(args: { caseId: string; SOPInstanceUID: string; frame: number; key: boolean }): Promise<{ key: boolean }>;
  };
  reports: {
    /** Measurement reports (DICOM SR, TID 1500) imported into the case, with the measurements kept from them. */
    list(args: { caseId: string }): Promise<ImportedReport[]>;
  };
  case: {
    /** Writes the case's measurements as one DICOM SR (TID 1500) under <dataDir>/exports/ (the study with most, or the one given). */
    exportSr(args: { caseId: string; StudyInstanceUID?: string }): Promise<SrExport>;
    /** Writes a run's accepted segmentation findings (the newest such run, or `runId`) as one DICOM SEG under <dataDir>/exports/. */
    exportSeg(args: { caseId: string; runId?: string }): Promise<SegExport>;
    /** Writes the key images as Key Object Selection documents (one per study, newest `file`) under <dataDir>/exports/. */
    exportKeyImages(args: { caseId: string }): Promise<{ file: string; images: number; documents: KeyObjectDocument[] }>;
    /** Writes the case's original DICOM files into <dataDir>/exports/<time>-<caseId>/; says where. */
    exportDicom(args: { caseId: string }): Promise<{ folder: string; files: number; bytes: number }>;
    /** Writes the whole case, encrypted under `passphrase`, to <dataDir>/exports/<time>-<caseId>.precis-case. */
    exportCase(args: { caseId: string; passphrase: string }): Promise<{ file: string; instances: number; bytes: number }>;
    /** Destroys the case; `confirmPatientId` must be its Patient ID (code 'confirmation-mismatch' otherwise). */
    erase(args: { caseId: string; confirmPatientId: string }): Promise<{ caseId: string; walTruncated: boolean }>;
  };
  models: ModelsApi;
  analyze: AnalyzeApi;
  inference: InferenceApi;
}

export type ApiArea = keyof PrecisApi;
export type ApiChannel = {
  [A in ApiArea]: `${A}.${Extract<keyof PrecisApi[A], string>}`;
}[ApiArea];

type MethodOf<C extends ApiChannel> = C extends `${infer A extends ApiArea}.${infer V}`
  ? V extends keyof PrecisApi[A]
    ? PrecisApi[A][V]
    : never
  : never;
export type ApiArgs<C extends ApiChannel> = MethodOf<C> extends (args: infer P) => unknown ? P : never;
export type ApiResult<C extends ApiChannel> = MethodOf<C> extends (...a: never[]) => Promise<infer R> ? R : never;

/** The channel list both transports are generated from. */
export const API_CHANNELS = [
  'library.status',
  'patients.search',
  'studies.list',
  'series.list',
  'series.instances',
  'import.start',
  'import.stageFile',
  'import.startStaged',
  'jobs.get',
  'jobs.list',
  'jobs.cancel',
  'demo.load',
  'annotations.list',
  'annotations.save',
  'annotations.delete',
  'annotations.setFinding',
  'hangingProtocols.list',
  'hangingProtocols.save',
  'frameLinks.list',
  'frameLinks.link',
  'frameLinks.unlink',
  'keyImages.list',
  'keyImages.set',
  'case.exportKeyImages',
  'case.exportDicom',
  'case.exportCase',
  'case.erase',
  'case.exportSr',
  'case.exportSeg',
  'reports.list',
  'models.list',
  'models.import',
  'models.importStaged',
  'analyze.check',
  'analyze.start',
  'inference.list',
  'inference.review',
  'inference.saveEdit', ...GENOMICS_CHANNELS, ...KNOWLEDGE_CHANNELS, ...VARIANT_VIEW_CHANNELS,
] as const satisfies readonly ApiChannel[];

// Compile-time proof that API_CHANNELS names every method of PrecisApi.
type MissingChannels = Exclude<ApiChannel, (typeof API_CHANNELS)[number]>;
const allChannelsListed: MissingChannels extends never ? true : MissingChannels = true;
void allChannelsListed;

/** Events pushed from main to the renderer. */
export interface ApiEvents {
  'job.progress': JobStatus;
  /** Cases whose content changed (import, erase, restore); the renderer re-reads what it shows of them. */
  'library.changed': { caseIds: string[] };
}
export type ApiEventName = keyof ApiEvents;
/** The event list both transports forward (every event, from this one list). */
export const API_EVENTS = ['job.progress', 'library.changed'] as const satisfies readonly ApiEventName[];

// Compile-time proof that API_EVENTS names every event of ApiEvents.
type MissingEvents = Exclude<ApiEventName, (typeof API_EVENTS)[number]>;
const allEventsListed: MissingEvents extends never ? true : MissingEvents = true;
void allEventsListed;

/** What travels back for every call, on both transports (errors are data: Error objects do not survive IPC). */
export type ApiEnvelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export class PrecisApiError extends Error {
  readonly code: ErrorCode;
  constructor(error: ApiErrorData) {
    super(error.message);
    this.name = 'PrecisApiError';
    this.code = error.code;
  }
}

/** What `window.precis` is, in Electron and in the browser alike. */
export interface PrecisClient extends PrecisApi {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Called after the event stream was lost and is back: events may have been missed, re-read state. */
  onReconnect(listener: () => void): () => void;
  /** Web host only: streams one file of a selection into an upload batch (PUT /upload/...), no base64. */
  uploadFile?(args: { batchId: string; relativePath: string; file: Blob }): Promise<{ size: number }>;
  /** Web host only: the headers that authorise a request the app makes itself (image loads). */
  requestHeaders?(): Record<string, string>;
  readonly transport: 'electron' | 'web';
}

export type Invoke = (channel: ApiChannel, args: unknown) => Promise<ApiEnvelope<unknown>>;
export type Subscribe = (event: ApiEventName, listener: (payload: unknown) => void) => () => void;

/** Builds the nested client (`precis.series.list(...)`) from the channel list over any transport. */
export function createApiClient(
  invoke: Invoke,
  subscribe: Subscribe,
  transport: 'electron' | 'web',
  extras: Pick<Partial<PrecisClient>, 'onReconnect' | 'uploadFile' | 'requestHeaders'> = {},
): PrecisClient {
  const client: Record<string, Record<string, (args: unknown) => Promise<unknown>>> = {};
  for (const channel of API_CHANNELS) {
    const [area, verb] = channel.split('.') as [string, string];
    const areaObject = (client[area] ??= {});
    areaObject[verb] = async (args: unknown) => {
      const envelope = await invoke(channel, args ?? {});
      if (!envelope.ok) throw new PrecisApiError(envelope.error);
      return envelope.value;
    };
  }
  return Object.assign(client as unknown as PrecisApi, {
    on: subscribe as PrecisClient['on'],
    onReconnect: extras.onReconnect ?? (() => () => undefined),
    uploadFile: extras.uploadFile,
    requestHeaders: extras.requestHeaders,
    transport,
  });
}
