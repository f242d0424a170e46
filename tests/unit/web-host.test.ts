// The loopback web host: a stranger on this machine (another local user, a web page in another
// browser tab doing DNS rebinding) must get nothing without a session.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNELS } from '../../preload/api.ts';
import { createWebApiClient } from '../../preload/web.ts';
import { handlers } from '../../main/api/dispatcher.ts';
import { openCore, type Core } from '../../main/core.ts';
import { startWebHost, type WebHost } from '../../main/web/server.ts';

let dataDir: string;
let core: Core;
let host: WebHost;
let session: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'precis-web-'));
  core = openCore(dataDir, { kind: 'passphrase', passphrase: 'web host test' }, 'test');
  host = await startWebHost(core, { port: 0, rendererDir: join(dataDir, 'no-renderer') });
  session = host.createScriptSession();
});
afterAll(async () => {
  await host.close();
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('web host', () => {
  it('answers 401 to every /api request without a session, before routing (even unknown channels)', async () => {
    for (const path of ['/api/patients.search', '/api/does.not.exist', '/api/', '/api/../dicom/x']) {
      expect((await get(path, {}, 'POST')).status, path).toBe(401);
      expect((await get(path, { 'x-precis-session': 'wrong', 'content-type': 'application/json' }, 'POST')).status, path).toBe(401);
    }
    expect((await get('/dicom/a/b')).status).toBe(401);
    expect((await get('/')).status).toBe(401);
  });

  it('accepts the session in the x-precis-session header', async () => {
    const ok = await get('/api/library.status', { 'x-precis-session': session, 'content-type': 'application/json' }, 'POST');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { encrypted: true, patientCount: 0 } });
  });

  it('listens on 127.0.0.1 only: not reachable on the machine\'s other addresses', async () => {
    const address = host.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    const others = Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal);
    for (const other of others) {
      const reached = await new Promise<boolean>((resolve) => {
        const req = request({ host: other!.address, port: host.port, path: '/', timeout: 2000 }, () => resolve(true));
        req.on('error', () => resolve(false));
        req.on('timeout', () => {
          req.destroy();
          resolve(false);
        });
        req.end();
      });
      expect(reached, other!.address).toBe(false);
    }
  });

  it('refuses a foreign Host header (DNS rebinding) even with a session', async () => {
    const res = await get('/api/library.status', { 'x-precis-session': session, 'content-type': 'application/json', host: 'evil.example:80' }, 'POST');
    expect(res.status).toBe(421);
  });

  it('validates arguments and returns typed errors a person can act on', async () => {
    const client = createWebApiClient(`http://127.0.0.1:${host.port}`, session);
    await expect(client.studies.list({ caseId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.jobs.get({ jobId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(client.import.stageFile({ batchId: 'batch-0001', relativePath: '../../escape.dcm', bytes: new Uint8Array(4) })).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('one contract, two transports', () => {
  it('main registers exactly one handler per channel of preload/api.ts', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_CHANNELS].sort());
  });

  it('the web client is generated from the channel list, and every channel reaches a handler over HTTP', async () => {
    const client = createWebApiClient(`http://127.0.0.1:${host.port}`, session) as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>;
    for (const channel of API_CHANNELS) {
      const [area, verb] = channel.split('.') as [string, string];
      expect(typeof client[area]?.[verb], channel).toBe('function');
      // Empty arguments: each call must come back from its handler (a result or a validation error),
      // never as an unknown channel.
      const outcome = await client[area]![verb]!({}).then(() => 'ok', (e: { code: string }) => e.code);
      expect(outcome, channel).not.toBe('unknown-channel');
    }
  });

  it('the Electron preload builds its client from the same channel list', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('../../preload/electron.ts', import.meta.url), 'utf8');
    expect(source).toMatch(/createApiClient\(/);
    expect(source).toMatch(/API_CHANNELS/);
    expect(source).toMatch(/exposeInMainWorld\('precis', client\)/);
    expect(source).not.toMatch(/exposeInMainWorld\((?!'precis')/);
  });
});
