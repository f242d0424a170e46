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
  /** Path of the pixel route relative to the app origin, e.g. `dicom/<caseId>/<SOPInstanceUID>`. */
  pixelPath: string;
}

export interface ImportFailure {
  path: string;
  reason: string;
}

export interface ImportReport {
  imported: number;
  skipped: number;
  failed: ImportFailure[];
  cancelled: boolean;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  jobId: string;
  kind: 'import';
  state: JobState;
  phase: string;
  done: number;
  total: number;
  report: ImportReport | null;
  error: ApiErrorData | null;
}

export interface ApiErrorData {
  /** Stable code a client can branch on, e.g. `invalid-argument`, `not-found`. */
  code: string;
  /** One sentence a person can act on. */
  message: string;
}

/** Every call the renderer can make: area.verb with one argument object and a typed result. */
export interface PrecisApi {
  library: {
    status(args: Record<string, never>): Promise<LibraryStatus>;
  };
  patients: {
    search(args: { query?: string; limit?: number }): Promise<PatientSummary[]>;
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
    cancel(args: { jobId: string }): Promise<JobStatus>;
  };
  demo: {
    /** Generate the synthetic CT phantom case and import it. */
    load(args: Record<string, never>): Promise<{ jobId: string }>;
  };
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
  'jobs.cancel',
  'demo.load',
] as const satisfies readonly ApiChannel[];

// Compile-time proof that API_CHANNELS names every method of PrecisApi.
type MissingChannels = Exclude<ApiChannel, (typeof API_CHANNELS)[number]>;
const allChannelsListed: MissingChannels extends never ? true : MissingChannels = true;
void allChannelsListed;

/** Events pushed from main to the renderer. */
export interface ApiEvents {
  'job.progress': JobStatus;
  'library.changed': { caseIds: string[] };
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENTS = ['job.progress', 'library.changed'] as const satisfies readonly ApiEventName[];

/** What travels back for every call, on both transports (errors are data: Error objects do not survive IPC). */
export type ApiEnvelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export class PrecisApiError extends Error {
  readonly code: string;
  constructor(error: ApiErrorData) {
    super(error.message);
    this.name = 'PrecisApiError';
    this.code = error.code;
  }
}

/** What `window.precis` is, in Electron and in the browser alike. */
export interface PrecisClient extends PrecisApi {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  readonly transport: 'electron' | 'web';
}

export type Invoke = (channel: ApiChannel, args: unknown) => Promise<ApiEnvelope<unknown>>;
export type Subscribe = (event: ApiEventName, listener: (payload: unknown) => void) => () => void;

/** Builds the nested client (`precis.series.list(...)`) from the channel list over any transport. */
export function createApiClient(
  invoke: Invoke,
  subscribe: Subscribe,
  transport: 'electron' | 'web',
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
    transport,
  });
}
