// The precis: scheme: precis://app/... serves the renderer build, and precis://app/dicom/..., /frames/...
// the binary routes of services/binaryRoutes.ts (the same table the web host serves).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { Readable } from 'node:stream';
import type { Core } from '../core.ts';
import { findBinaryRoute, prepareBinaryRoutes } from '../services/binaryRoutes.ts';
import { CONTENT_SECURITY_POLICY } from '../web/securityHeaders.ts';

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };

export function registerPrecisScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'precis', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
}

export function handlePrecisScheme(core: Core, rendererDir: string): void {
  prepareBinaryRoutes();
  protocol.handle('precis', async (request) => {
    const url = new URL(request.url);
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY };
    const binary = findBinaryRoute(url.pathname);
    if (binary) {
      const answer = await binary.answer(core, url.pathname);
      const body = answer.body instanceof Readable ? (Readable.toWeb(answer.body) as ReadableStream) : (answer.body as BodyInit);
      return new Response(body, { status: answer.status, headers: { ...headers, ...answer.headers, 'cache-control': 'no-store' } });
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
