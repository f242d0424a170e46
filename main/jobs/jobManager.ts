// Long work as jobs: `start(kind, input)` over the registry of kinds, a queue per kind within its
// concurrency limit, progress (phase, done/total), cancellation, a result, and finished jobs pruned.
// A kind that throws, a worker thread that exits and a child process that aborts natively all end as
// a failed job with its reason; the app and the next job go on.
import { randomUUID } from 'node:crypto';
import type { ImportReport, JobKindName, JobStatus } from '../../preload/api.ts';
import { toErrorCode } from '../../preload/errorCodes.ts';
import { AppError } from '../errors.ts';
import type { EventBus } from '../events.ts';
import { startHost, ThreadPool, type JobHostHandle } from './hosts.ts';
import type { JobKind } from './kind.ts';
import { JOB_KINDS } from './registry.ts';
import type { JobMessage } from './runtime.ts';

export type JobListener = (status: JobStatus) => void;

export interface StartOptions<R = unknown> {
  actor: string;
  onFinish?: () => void;
  /** Rewrites the result before anyone sees it (e.g. staged paths back to the names the user chose). */
  mapResult?: (result: R) => R;
}

interface Job {
  status: JobStatus;
  kind: JobKind;
  input: unknown;
  options: StartOptions;
  host: JobHostHandle | null;
  cancelRequested: boolean;
  finishedAt: number | null;
  finished: Promise<JobStatus>;
  resolve: (status: JobStatus) => void;
}

/** Finished jobs stay readable this long, and at most this many, then they are forgotten. */
const KEEP_FINISHED_MS = 10 * 60 * 1000;
const KEEP_FINISHED_COUNT = 200;

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly kinds = new Map<string, JobKind>(Object.entries(JOB_KINDS) as Array<[string, JobKind]>);
  private readonly dataDir: string;
  private readonly masterKey: Buffer;
  private readonly events: EventBus;
  private readonly threads = new ThreadPool();

  constructor(dataDir: string, masterKey: Buffer, events: EventBus) {
    this.dataDir = dataDir;
    this.masterKey = masterKey;
    this.events = events;
  }

  /** Adds a kind at run time (tests add kinds that fail on purpose); product kinds live in registry.ts. */
  register(kind: JobKind): void {
    if (this.kinds.has(kind.name)) throw new Error(`job kind ${kind.name} is already registered`);
    this.kinds.set(kind.name, kind);
  }

  /** Every change of every job's status (the `job.progress` event of the core's bus). */
  onChange(listener: JobListener): () => void {
    return this.events.on('job.progress', listener);
  }

  private emit(job: Job): void {
    this.events.emit('job.progress', { ...job.status } as JobStatus);
  }

  start(kindName: string, input: unknown, options: StartOptions): string {
    const kind = this.kinds.get(kindName);
    if (!kind) throw new AppError('unknown-job-kind', `There is no kind of job named ${kindName}.`);
    const parsed = kind.input.safeParse(input);
    if (!parsed.success) throw new AppError('invalid-argument', `Invalid input for a ${kindName} job: ${parsed.error.issues[0]?.message ?? 'rejected'}.`);
    const jobId = randomUUID();
    let resolve: (status: JobStatus) => void = () => undefined;
    const finished = new Promise<JobStatus>((r) => (resolve = r));
    const status = { jobId, kind: kindName as JobKindName, state: 'queued', phase: 'queued', done: 0, total: 0, report: null, error: null } as JobStatus;
    const job: Job = { status, kind, input: parsed.data, options: options as StartOptions, host: null, cancelRequested: false, finishedAt: null, finished, resolve };
    this.prune();
    this.jobs.set(jobId, job);
    this.emit(job);
    this.startQueued(kind.name);
    return jobId;
  }

  /** `displayPath` turns a path in the report into what the user chose (for uploaded, staged files). */
  startImport(paths: string[], options: { actor: string; onFinish?: () => void; displayPath?: (path: string) => string }): string {
    const relabel = options.displayPath;
    const mapResult = relabel
      ? (report: ImportReport): ImportReport => ({
          ...report,
          failed: report.failed.map((f) => ({ ...f, path: relabel(f.path) })),
          conflicts: report.conflicts.map((c) => ({ ...c, path: relabel(c.path) })),
          ...(report.measurementReports ? { measurementReports: report.measurementReports.map((r) => ({ ...r, path: relabel(r.path) })) } : {}),
        })
      : undefined;
    return this.start('import', { paths }, { actor: options.actor, onFinish: options.onFinish, mapResult: mapResult as StartOptions['mapResult'] });
  }

  private startQueued(kindName: string): void {
    const all = [...this.jobs.values()].filter((j) => j.kind.name === kindName);
    let running = all.filter((j) => j.status.state === 'running').length;
    for (const job of all) {
      if (running >= job.kind.concurrency) break;
      if (job.status.state !== 'queued') continue;
      running++;
      this.launch(job);
    }
  }

  private launch(job: Job): void {
    Object.assign(job.status, { state: 'running', phase: 'starting' });
    this.emit(job);
    const start = { kind: job.kind.name, runner: job.kind.runner.href, dataDir: this.dataDir, masterKeyHex: this.masterKey.toString('hex'), actor: job.options.actor, input: job.input };
    let outcome: JobMessage | null = null;
    job.host = startHost(job.kind.host, start, {
      message: (message) => {
        if (message.type !== 'progress') outcome = message;
        else if (job.status.state === 'running') {
          Object.assign(job.status, { phase: message.phase, done: message.done, total: message.total });
          this.emit(job);
        }
      },
      end: (reason) => this.finish(job, outcome, reason),
    }, this.threads);
  }

  private finish(job: Job, outcome: JobMessage | null, hostFailure: string | null): void {
    const status = job.status;
    if (outcome?.type === 'done') {
      const parsed = job.kind.result.safeParse(outcome.result);
      if (parsed.success) {
        const result = job.options.mapResult ? job.options.mapResult(parsed.data) : parsed.data;
        const cancelled = typeof result === 'object' && result !== null && 'cancelled' in result ? Boolean(result.cancelled) : job.cancelRequested;
        Object.assign(status, { report: result, state: cancelled ? 'cancelled' : 'done' });
        status.phase = status.state;
      } else {
        Object.assign(status, { state: 'failed', error: { code: 'job-failed', message: `The ${job.kind.name} job returned a result this version does not understand.` } });
      }
    } else if (outcome?.type === 'error' && job.cancelRequested) {
      // Stopped where the kind had nothing to report yet (an abort thrown before its work began): the user
      // asked for this, so it is a cancellation, not a failure to show as an error.
      Object.assign(status, { state: 'cancelled' });
    } else if (outcome?.type === 'error') {
      Object.assign(status, { state: 'failed', error: { code: toErrorCode(outcome.code, 'job-failed'), message: outcome.message } });
    } else {
      const why = hostFailure ?? 'it ended without a result';
      Object.assign(status, { state: 'failed', error: { code: 'job-crashed', message: `The ${job.kind.name} job stopped before it finished: ${why}.` } });
    }
    if (status.state === 'failed' || status.state === 'cancelled') status.phase = status.state;
    job.host = null;
    job.finishedAt = Date.now();
    job.options.onFinish?.();
    this.emit(job);
    const changed = status.report && job.kind.changedCases ? job.kind.changedCases(status.report) : [];
    if (changed.length > 0) this.events.emit('library.changed', { caseIds: changed });
    job.resolve({ ...status } as JobStatus);
    this.startQueued(job.kind.name);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    finished.forEach((job, index) => {
      if ((job.finishedAt ?? 0) < cutoff || finished.length - index > KEEP_FINISHED_COUNT) this.jobs.delete(job.status.jobId);
    });
  }

  private find(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not-found', `No job ${jobId}: it never existed here, or it finished long ago.`);
    return job;
  }

  get(jobId: string): JobStatus {
    return { ...this.find(jobId).status } as JobStatus;
  }

  /** Jobs still queued or running, then the most recent finished ones (newest last). */
  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => ({ ...j.status }) as JobStatus);
  }

  cancel(jobId: string): JobStatus {
    const job = this.find(jobId);
    job.cancelRequested = true;
    if (job.status.state === 'queued') {
      Object.assign(job.status, { state: 'cancelled', phase: 'cancelled' });
      job.finishedAt = Date.now();
      this.emit(job);
      job.resolve({ ...job.status } as JobStatus);
    } else if (job.status.state === 'running') job.host?.cancel();
    return { ...job.status } as JobStatus;
  }

  /** The job's final status; `K` is the kind the caller started (import unless it says otherwise). */
  wait<K extends JobKindName = 'import'>(jobId: string): Promise<Extract<JobStatus, { kind: K }>> {
    return this.find(jobId).finished as Promise<Extract<JobStatus, { kind: K }>>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].map(async (job) => job.host?.terminate()));
    await this.threads.close();
  }
}
