// Precis as a user starts it (`npm start -- --web --no-open`) on a fresh data directory, and its API
// over HTTP with the --session-file session, as a script calls it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceSummary, JobStatus, PatientSummary, SeriesSummary, StudySummary } from '../../preload/api.ts';
import { decodeWire, encodeWire } from '../../preload/wire.ts';
import { freshDir, precisEnv, remove, REPO_ROOT, SHARED_DICOM, type BenchContext } from './context.ts';

export interface WebHost {
  url: string;
  origin: string;
  /** The --session-file session, sent in the x-precis-session header. */
  session: string;
  dataDir: string;
  pid: number;
  call<T>(channel: string, args: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startWebHost(ctx: BenchContext): Promise<WebHost> {
  const dataDir = freshDir(ctx, 'webhost-data');
  const sessionFile = join(freshDir(ctx, 'webhost-session'), 'session.json');
  // import.start reads only under --import-root: the bench's copies (ctx.tmp) and the shared corpus.
  const roots = ['--import-root', ctx.tmp, '--import-root', SHARED_DICOM];
  const args = ['--web', '--no-open', '--port', '0', '--data-dir', dataDir, '--session-file', sessionFile, ...roots];
  const child: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.mjs'), ...args], {
    cwd: REPO_ROOT,
    env: precisEnv(ctx),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 120 s: ${stderr}`)), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the web host exited with ${code}: ${stderr}`)));
  });
  const { origin } = new URL(url);
  const { session } = JSON.parse(readFileSync(sessionFile, 'utf8')) as { session: string };
  return {
    url,
    origin,
    session,
    dataDir,
    pid: child.pid as number,
    async call<T>(channel: string, args: Record<string, unknown>): Promise<T> {
      const response = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-precis-session': session },
        body: encodeWire(args),
      });
      const envelope = decodeWire(await response.text()) as { ok: true; value: T } | { ok: false; error: { message: string } };
      if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
      return envelope.value;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      remove(dataDir);
    },
  };
}

/** Imports `paths` through the API (a job in the web host's worker thread) and waits for the end. */
export async function importThroughApi(host: WebHost, paths: string[]): Promise<JobStatus> {
  const { jobId } = await host.call<{ jobId: string }>('import.start', { paths });
  for (;;) {
    const status = await host.call<JobStatus>('jobs.get', { jobId });
    if (status.state !== 'running') {
      if (status.state !== 'done') throw new Error(`import through the web host: ${status.state} ${status.error?.message ?? ''}`);
      return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface OpenableSeries {
  patient: PatientSummary;
  study: StudySummary;
  series: SeriesSummary;
  /** Displayable instances in the viewer's display order. */
  instances: InstanceSummary[];
}

/** The first series of the first patient with `instanceCount` images, as the viewer would list it. */
export async function findSeries(host: WebHost, instanceCount: number): Promise<OpenableSeries> {
  const patients = (await host.call<{ items: PatientSummary[] }>('patients.search', { query: '', limit: 500 })).items;
  const patient = patients.find((p) => p.instanceCount === instanceCount);
  if (!patient) throw new Error(`no patient with ${instanceCount} instances in the web host's library`);
  const [study] = await host.call<StudySummary[]>('studies.list', { caseId: patient.caseId });
  if (!study) throw new Error(`patient ${patient.PatientID} has no study`);
  const [series] = await host.call<SeriesSummary[]>('series.list', { caseId: patient.caseId, StudyInstanceUID: study.StudyInstanceUID });
  if (!series) throw new Error(`patient ${patient.PatientID} has no series`);
  const instances = await host.call<InstanceSummary[]>('series.instances', { caseId: patient.caseId, SeriesInstanceUID: series.SeriesInstanceUID });
  return { patient, study, series, instances: instances.filter((i) => i.displayable) };
}
