// Serves the renderer build. Unknown paths that look like app routes get index.html; unknown assets 404
// (never HTML for a .wasm or .js: that turns into "expected magic word" errors far away).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export async function serveStatic(root: string, pathname: string, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(400, headers).end('bad path');
    return;
  }
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (extname(relative)) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) {
      response.writeHead(500, { ...headers, 'content-type': 'text/plain' }).end('The app is not built: run npm run build.');
      return;
    }
  }
  response.writeHead(200, {
    ...headers,
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=31536000, immutable',
  });
  createReadStream(file).pipe(response);
}
