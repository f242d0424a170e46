// The precis: scheme: precis://app/... serves the renderer build, precis://app/dicom/<case>/<sop> the
// stored DICOM files for the image loader.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { Readable } from 'node:stream';
import type { Core } from '../core.ts';
import { openInstanceBytes } from '../services/storedInstance.ts';
import { CONTENT_SECURITY_POLICY } from '../web/securityHeaders.ts';

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };

export function registerPrecisScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'precis', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
}

export function handlePrecisScheme(core: Core, rendererDir: string): void {
  protocol.handle('precis', async (request) => {
    const url = new URL(request.url);
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY };
    if (url.pathname.startsWith('/dicom/')) {
      const [, , caseId = '', sop = ''] = url.pathname.split('/').map(decodeURIComponent);
      const file = await openInstanceBytes(core, caseId, sop);
      if (!file) return new Response('file missing from the store', { status: 404 });
      const body = Readable.toWeb(file.stream) as ReadableStream;
      return new Response(body, { headers: { ...headers, 'content-type': 'application/dicom', 'content-length': String(file.size), 'cache-control': 'no-store' } });
    }
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(rendererDir + sep)) return new Response('bad path', { status: 400 });
    const target = extname(file) ? file : join(rendererDir, 'index.html');
    try {
      return new Response(await readFile(target), { headers: { ...headers, 'content-type': MIME[extname(target)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
