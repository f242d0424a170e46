// The web host's request hygiene (issue 11, findings 4 and 10): which server paths an API call may
// import, what malformed or oversized requests get back, how many event streams a session may hold,
// and that reading a series' images leaves one audit row. Real host, real SQLite files, real DICOM.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../preload/api.ts';
import { openCore, type Core } from '../../main/core.ts';
import { toHttpError } from '../../main/web/httpErrors.ts';
import { MAX_STREAMS_PER_SESSION } from '../../main/web/routes.ts';
import { startWebHost, type WebHost } from '../../main/web/server.ts';
import { dicomData, removeTempDirs, tempDir } from './support/env.ts';
import { apiCall, webRequest } from './support/webRequest.ts';

const GE_CT = join(dicomData, 'dcm_qa_ct', 'GE');
const MAX_BODY = 1024 * 1024; // 1 MiB for this host, so the limit test sends little

let core: Core;
let host: WebHost;
let session: string;
let allowedRoot: string;

beforeAll(async () => {
  core = openCore(tempDir('web-requests'), { kind: 'passphrase', passphrase: 'web requests test' }, 'test');
  allowedRoot = tempDir('import-root');
  // A link inside an allowed folder that leads out of it: must be judged by where it leads.
  symlinkSync('/etc', join(allowedRoot, 'escape'));
  host = await startWebHost(core, { port: 0, rendererDir: tempDir('no-renderer'), importRoots: [GE_CT, allowedRoot], maxBodyBytes: MAX_BODY });
  session = host.createScriptSession();
});
afterAll(async () => {
  await host.close();
  await core.close();
  removeTempDirs();
});

const envelope = (body: string): unknown => JSON.parse(body);

async function waitForJob(jobId: string): Promise<JobStatus> {
  return core.jobs.wait(jobId);
}

describe('import.start over the web host', () => {
  it('refuses paths outside --import-root (/etc/passwd, /root, a link out of a root) with import-path-refused', async () => {
    // A user would notice: a request making the host scan and report their home folder or /etc.
    for (const path of ['/etc/passwd', '/root', join(allowedRoot, 'escape'), join(allowedRoot, 'escape', 'passwd'), `${GE_CT}/../../pydicom-2.3.1`]) {
      const answer = await apiCall(host.port, session, 'import.start', { paths: [path] });
      expect(envelope(answer.body), path).toMatchObject({ ok: false, error: { code: 'import-path-refused' } });
    }
    expect(core.library.patientCount()).toBe(0);
  });

  it('imports a folder inside an allowed root', async () => {
    const answer = await apiCall(host.port, session, 'import.start', { paths: [GE_CT] });
    const { value } = envelope(answer.body) as { value: { jobId: string } };
    const status = await waitForJob(value.jobId);
    expect(status.state).toBe('done');
    expect(core.library.patientCount()).toBe(1);
  }, 60_000);
});

describe('malformed and oversized requests', () => {
  const post = (channel: string, body: string | Buffer): Promise<{ status: number; body: string }> =>
    webRequest(host.port, `/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-precis-session': session }, body });

  it('answer 400 with the JSON envelope: bad JSON, bad escapes, bad base64, bad %-escapes in a path', async () => {
    // A user (or script author) would notice: a bare "500" with a stack trace instead of what to fix.
    const answers = [
      await post('library.status', '{"oops'),
      await post('library.status', '{"a": "\\q"}'),
      await post('import.stageFile', JSON.stringify({ batchId: 'batch-0001', relativePath: 'a.dcm', bytes: { $bytes: '!!not base64!!' } })),
      await webRequest(host.port, '/dicom/%E0%A4%A/x', { headers: { 'x-precis-session': session } }),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.body).toBe(400);
      expect(envelope(answer.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(answer.body).not.toMatch(/\n\s+at /);
    }
  });

  it('answer 413 with the envelope for a body over the limit', async () => {
    const answer = await post('library.status', Buffer.alloc(MAX_BODY + 1, 0x20));
    expect(answer.status).toBe(413);
    expect(envelope(answer.body)).toMatchObject({ ok: false, error: { code: 'body-too-large' } });
  });

  it('an unexpected failure answers 500 with the envelope and no stack text', () => {
    const failure = toHttpError(new Error('ENOENT: /home/someone/secret at Object.open (node:fs:1)'));
    expect(failure.status).toBe(500);
    expect(failure.code).toBe('internal');
    expect(failure.message).not.toMatch(/secret|node:fs/);
  });
});

describe('event streams', () => {
  it(`allow ${MAX_STREAMS_PER_SESSION} per session; one more answers 429`, async () => {
    // A user would notice: a runaway page (or a forged loop) exhausting the host until it stops answering.
    const own = host.createScriptSession();
    const open = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_SESSION }, () => fetch(`${host.origin}/events`, { headers: { 'x-precis-session': own } })),
    );
    expect(open.map((r) => r.status)).toEqual(open.map(() => 200));
    const extra = await fetch(`${host.origin}/events`, { headers: { 'x-precis-session': own } });
    expect(extra.status).toBe(429);
    expect(await extra.json()).toMatchObject({ ok: false, error: { code: 'too-many-streams' } });
    // Another session is not affected.
    const other = await fetch(`${host.origin}/events`, { headers: { 'x-precis-session': session } });
    expect(other.status).toBe(200);
    await Promise.all([...open, other].map((r) => r.body?.cancel()));
  });
});

describe('reading stored images', () => {
  const auditRows = (caseId: string, series: string): { action: string }[] =>
    (core.library.openCase(caseId).db.prepare('SELECT action, detail FROM case_audit').all() as { action: string; detail: string }[])
      .filter((r) => r.detail.includes(series) && (r.action === 'series.read' || r.action === 'series.view'));

  it('audits one row per series and session, not one per image', async () => {
    // A user (the privacy officer) would notice: images read through /dicom/ leaving no trace, or a
    // trace of hundreds of rows per series that buries everything else.
    const [caseId] = core.library.caseIds();
    const caseFile = core.library.openCase(caseId!);
    const [study] = caseFile.imaging.listStudies();
    const [series] = caseFile.imaging.listSeries(study!.StudyInstanceUID);
    const instances = caseFile.imaging.listInstances(series!.SeriesInstanceUID);
    expect(instances.length).toBeGreaterThan(2);
    const reader = host.createScriptSession();
    for (const instance of instances) {
      const answer = await webRequest(host.port, `/dicom/${encodeURIComponent(instance.caseId)}/${encodeURIComponent(instance.SOPInstanceUID)}`, { headers: { 'x-precis-session': reader } });
      expect(answer.status).toBe(200);
    }
    expect(auditRows(caseId!, series!.SeriesInstanceUID).map((r) => r.action)).toEqual(['series.read']);
    // The viewer's way: series.instances writes series.view, and its images add nothing.
    const viewer = host.createScriptSession();
    await apiCall(host.port, viewer, 'series.instances', { caseId, SeriesInstanceUID: series!.SeriesInstanceUID });
    for (const instance of instances) await webRequest(host.port, `/dicom/${encodeURIComponent(instance.caseId)}/${encodeURIComponent(instance.SOPInstanceUID)}`, { headers: { 'x-precis-session': viewer } });
    expect(auditRows(caseId!, series!.SeriesInstanceUID).map((r) => r.action)).toEqual(['series.read', 'series.view']);
  }, 60_000);
});
