// The web host's sessions against forged requests (issue 11, finding 3): a page on another port of
// 127.0.0.1 gets the browser's cookies for 127.0.0.1 and may send no-cors requests; it must neither
// learn the session nor cause any effect. Real host, real SQLite library, real DICOM files.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../preload/api.ts';
import { openCore, type Core } from '../../main/core.ts';
import { chromiumArgs } from '../../main/web/browserLaunch.ts';
import { startWebHost, type WebHost } from '../../main/web/server.ts';
import { cliEnv, dicomData, removeTempDirs, repoRoot, tempDir } from './support/env.ts';
import { apiCall, redeem, webRequest } from './support/webRequest.ts';

const GE_CT = join(dicomData, 'dcm_qa_ct', 'GE');

let core: Core;
let host: WebHost;
const jobsSeen: JobStatus[] = [];

beforeAll(async () => {
  core = openCore(tempDir('web-session'), { kind: 'passphrase', passphrase: 'web session test' }, 'test');
  core.jobs.onChange((status) => jobsSeen.push(status));
  host = await startWebHost(core, { port: 0, rendererDir: tempDir('no-renderer'), importRoots: [GE_CT] });
});
afterAll(async () => {
  await host.close();
  await core.close();
  removeTempDirs();
});

const patientCount = (): number => core.library.patientCount();

describe('the one-time launch code', () => {
  it('is traded for a session once; the second use gets nothing', async () => {
    // A user would notice: anyone who read the URL from Chromium's command line (/proc) could use it later.
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+$/);
    const first = await redeem(host.port, host.url);
    expect(first.answer.status).toBe(303);
    expect(first.session).toBeTruthy();
    expect((await apiCall(host.port, first.session!, 'library.status', {})).status).toBe(200);
    const second = await redeem(host.port, host.url);
    expect(second.answer.status).toBe(401);
    expect(JSON.parse(second.answer.body)).toMatchObject({ ok: false, error: { code: 'launch-code-used' } });
    expect(second.session).toBeNull();
    expect(second.cookie).toBeNull();
  });

  it('sets an HttpOnly SameSite=Strict cookie named after the port, unlike the header secret', async () => {
    // A user would notice: two Precis hosts on one machine logging each other out, or a script on a page reading the session.
    const { cookie, session } = await redeem(host.port, await launchUrl());
    expect(cookie).toMatch(new RegExp(`^precis_session_${host.port}=[\\w-]+; HttpOnly; SameSite=Strict; Path=/$`));
    const cookieValue = cookie!.split(';')[0]!.split('=')[1]!;
    expect(cookieValue).not.toBe(session);
  });

  it('keeps other query parameters (e.g. diagnostics=1) through the redirect', async () => {
    const { answer } = await redeem(host.port, `${await launchUrl()}&diagnostics=1`);
    expect(answer.headers.location).toMatch(/^\/\?diagnostics=1#session=[\w%-]+$/);
  });
});

async function launchUrl(): Promise<string> {
  const answer = await webRequest(host.port, '/session/launch', { method: 'POST', headers: { 'x-precis-session': host.createScriptSession() } });
  return (JSON.parse(answer.body) as { url: string }).url;
}

describe('forged requests', () => {
  it('a no-cors import.start (text/plain, cookie, no session header) is refused with 403 and imports nothing', async () => {
    // A user would notice: a web page in another tab importing (or scanning) folders into their library.
    const { cookie } = await redeem(host.port, await launchUrl());
    const forged = await webRequest(host.port, '/api/import.start', {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', cookie: cookie!.split(';')[0]! },
      body: JSON.stringify({ paths: [GE_CT] }),
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ ok: false, error: { code: 'session-header-required' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(jobsSeen).toEqual([]);
    expect(patientCount()).toBe(0);
  });

  it('refuses another port\'s Origin and cross-site or same-site fetch metadata, even with a valid session', async () => {
    // A user would notice: a page on another local port driving Precis with a stolen session.
    const session = host.createScriptSession();
    const cases: Record<string, string>[] = [
      { origin: 'http://127.0.0.1:1' },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'none' },
    ];
    for (const headers of cases) {
      const answer = await apiCall(host.port, session, 'import.start', { paths: [GE_CT] }, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'cross-origin' } });
    }
    const navigation = await webRequest(host.port, '/', { headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' } });
    expect(navigation.status).toBe(403);
    const image = await webRequest(host.port, '/dicom/x/y', { headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-dest': 'image' } });
    expect(image.status).toBe(403);
    expect(jobsSeen).toEqual([]);
    // The same call from our own origin is accepted (the app's client sends exactly this).
    const own = await apiCall(host.port, session, 'library.status', {}, { origin: host.origin, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('an API call in a form-like content type is refused even with the session header', async () => {
    const answer = await apiCall(host.port, host.createScriptSession(), 'library.status', {}, { 'content-type': 'text/plain' });
    expect(answer.status).toBe(415);
  });
});

describe('responses carrying patient data', () => {
  it('say cache-control: no-store, refusals included', async () => {
    // A user would notice: patient lists and images left in the browser's disk cache after Precis closed.
    const session = host.createScriptSession();
    const answers = [
      await apiCall(host.port, session, 'library.status', {}),
      await apiCall(host.port, session, 'studies.list', { caseId: 'nope' }),
      await webRequest(host.port, '/dicom/00000000-0000-4000-8000-000000000000/1.2.3', { headers: { 'x-precis-session': session } }),
      await webRequest(host.port, '/api/library.status', { method: 'POST' }),
    ];
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
    const events = await fetch(`${host.origin}/events`, { headers: { 'x-precis-session': session } });
    expect(events.headers.get('cache-control')).toBe('no-store');
    await events.body?.cancel();
  });
});

describe('npm start', () => {
  it('gives Chromium its own profile and no session secret, only the one-time launch URL', () => {
    // A user would notice: Precis' pages in their everyday browser history and cache, or a session in `ps`.
    const args = chromiumArgs('http://127.0.0.1:4000/?code=abc', '/tmp/precis-browser-x', false);
    expect(args).toContain('--user-data-dir=/tmp/precis-browser-x');
    expect(args).toContain('--app=http://127.0.0.1:4000/?code=abc');
    expect(args.filter((a) => a.includes('127.0.0.1:4000'))).toEqual(['--app=http://127.0.0.1:4000/?code=abc']);
    expect(args.join(' ')).not.toMatch(/token=|session=/);
    expect(args).toContain('--disk-cache-size=1');
  });

  it('--session-file writes a 0600 file a script can call the API with, removed when the host stops', async () => {
    // A user would notice: another local user reading the session, or scripts unable to talk to the host.
    const dir = tempDir('session-file');
    const file = join(dir, 'session.json');
    const script = `import(${JSON.stringify(join(repoRoot, 'main', 'web', 'start.ts'))}).then((m) => m.startWebFromCommandLine(process.argv.slice(1), ${JSON.stringify(dir)}))`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', '--web', '--no-open', '--port', '0', '--data-dir', join(dir, 'data'), '--session-file', file], {
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      expect(printed).toMatch(/\/\?code=/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const content = JSON.parse(readFileSync(file, 'utf8')) as { url: string; port: number; session: string };
      expect(content.url).toBe(new URL(printed).origin);
      expect(printed).not.toContain(content.session);
      const answer = await apiCall(content.port, content.session, 'library.status', {});
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { patientCount: 0 } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
