// The job platform: a job kind that throws, one whose worker thread exits and one whose child process
// aborts natively each end failed with their reason, while the app keeps answering and the next job
// runs; jobs of a kind beyond its concurrency wait in a queue.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startWebHost, type WebHost } from '../../main/web/server.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { JobKind } from '../../main/jobs/kind.ts';
import { PASSPHRASE, pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';

const runner = new URL('./support/jobKinds/faults.ts', import.meta.url);
const faultKind = (name: string, host: 'thread' | 'process'): JobKind => ({
  name,
  host,
  concurrency: 1,
  input: z.object({ how: z.enum(['throw', 'exit', 'abort']) }),
  result: z.object({ ok: z.literal(true) }),
  runner,
});

describe('jobs', () => {
  let core: Core;
  let host: WebHost;
  /** library.status over HTTP from the web host this process runs, as a script would ask it. */
  const hostStatus = async (): Promise<unknown> => {
    const response = await fetch(`${host.origin}/api/library.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-precis-session': host.createScriptSession() },
      body: '{}',
    });
    return response.json();
  };

  const whereRunKind: JobKind = {
    name: 'test-where-run',
    host: 'thread',
    concurrency: 1,
    input: z.object({}),
    result: z.object({ threadId: z.number(), jobsInThisThread: z.number() }),
    runner: new URL('./support/jobKinds/whereRun.ts', import.meta.url),
  };
  const whereRun = async (): Promise<{ threadId: number; jobsInThisThread: number }> =>
    (await core.jobs.wait(core.jobs.start('test-where-run', {}, { actor: 'test' }))).report as never;

  beforeAll(async () => {
    core = openCore(tempDir('jobs'), { kind: 'passphrase', passphrase: PASSPHRASE }, 'test');
    host = await startWebHost(core, { port: 0, rendererDir: tempDir('no-renderer') });
    core.jobs.register(faultKind('test-thread', 'thread'));
    core.jobs.register(faultKind('test-process', 'process'));
    core.jobs.register(whereRunKind);
  });

  it('runs the next thread job in the thread the last one finished in, and never in one that failed', async () => {
    // Failing: every import pays a new thread's start and module loading again (~0.1 s), or a job lands
    // in a thread that a crashed job left behind.
    const first = await whereRun();
    const second = await whereRun();
    expect(second).toEqual({ threadId: first.threadId, jobsInThisThread: first.jobsInThisThread + 1 });
    const crashed = await core.jobs.wait(core.jobs.start('test-thread', { how: 'exit' }, { actor: 'test' }));
    expect(crashed.state).toBe('failed');
    const after = await whereRun();
    expect(after.threadId).not.toBe(first.threadId);
    expect(after.jobsInThisThread).toBe(1);
  });

  afterAll(async () => {
    await host.close();
    await core.close();
    removeTempDirs();
  });

  it.each([
    ['throws', 'test-thread', 'throw', 'invalid-argument', /The test input cannot be read/],
    ['exits its worker thread', 'test-thread', 'exit', 'job-crashed', /worker thread exited with code 3/],
    ['aborts its child process natively', 'test-process', 'abort', 'job-crashed', /process was ended by SIGABRT/],
  ])('a job that %s ends failed with its reason, and the web host still answers', async (_label, kind, how, code, message) => {
    // Failing: a broken job takes the whole app down, or leaves a bar that never ends.
    const jobId = core.jobs.start(kind, { how }, { actor: 'test' });
    const status = await core.jobs.wait(jobId);
    expect(status).toMatchObject({ state: 'failed', phase: 'failed', error: { code } });
    expect(status.error?.message).toMatch(message);
    expect(await hostStatus()).toMatchObject({ ok: true, value: { encrypted: true } });
  });

  it('runs the next job after the failures: an import completes', async () => {
    // Failing: after one crash, imports no longer start.
    const jobId = core.jobs.startImport([join(pydicomFiles, 'CT_small.dcm')], { actor: 'test' });
    const status = await core.jobs.wait(jobId);
    expect(status).toMatchObject({ state: 'done', kind: 'import', report: { imported: 1 } });
  });

  it('queues imports beyond one at a time, and a queued job can be cancelled before it starts', async () => {
    // Failing: two imports compete for the disk and the same new patients, or a queued one cannot be stopped.
    const first = core.jobs.startImport([join(pydicomFiles, 'MR_small.dcm')], { actor: 'test' });
    const second = core.jobs.startImport([join(pydicomFiles, 'JPEG2000.dcm')], { actor: 'test' });
    const third = core.jobs.startImport([join(pydicomFiles, 'rtdose.dcm')], { actor: 'test' });
    expect(core.jobs.get(first).state).toBe('running');
    expect(core.jobs.get(second).state).toBe('queued');
    expect(core.jobs.cancel(third).state).toBe('cancelled');
    expect((await core.jobs.wait(second)).state).toBe('done');
    expect((await core.jobs.wait(first)).state).toBe('done');
    expect(core.jobs.get(third).report).toBeNull();
  });

  it('refuses an unknown kind and input its kind does not accept', () => {
    // Failing: a typo starts nothing and says nothing, or bad input reaches a worker.
    expect(() => core.jobs.start('no-such-kind', {}, { actor: 'test' })).toThrow(expect.objectContaining({ code: 'unknown-job-kind' }));
    expect(() => core.jobs.start('import', { paths: [] }, { actor: 'test' })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});
