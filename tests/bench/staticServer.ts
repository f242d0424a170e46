// A plain loopback static server for the bare Cornerstone3D page: the built page from one folder and
// DICOM files by name (/dicom/<name>), streamed from disk with the same headers the web host sends
// for stored instances. No token, no API: only what a static file server does.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export async function startStaticServer(root: string, dicom: ReadonlyMap<string, string>): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = decodeURIComponent(pathname);
    const isDicom = name.startsWith('/dicom/');
    const file = isDicom ? dicom.get(name.slice('/dicom/'.length)) : join(root, normalize(name === '/' ? '/index.html' : name));
    if (!file || (!isDicom && !file.startsWith(root + sep))) {
      response.writeHead(404).end();
      return;
    }
    stat(file).then(
      (info) => {
        const type = isDicom ? 'application/dicom' : (TYPES[extname(file)] ?? 'application/octet-stream');
        const headers: Record<string, string> = { 'content-type': type, 'content-length': String(info.size) };
        if (isDicom) headers['cache-control'] = 'private, max-age=3600';
        response.writeHead(200, headers);
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
