// The loopback web host: the same core and API as the Electron shell, over HTTP on 127.0.0.1 only,
// with a per-launch secret token checked before any routing.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_EVENTS, type ApiEventName, type ApiEvents } from '../../preload/api.ts';
import { decodeWire, encodeWire } from '../../preload/wire.ts';
import { dispatch } from '../api/dispatcher.ts';
import type { HandlerContext } from '../api/types.ts';
import type { Core } from '../core.ts';
import { hostAllowed, presentedToken, TOKEN_COOKIE, tokenMatches } from './auth.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';
import { serveStatic } from './staticFiles.ts';

export interface WebHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebHost(core: Core, options: { port?: number; rendererDir: string }): Promise<WebHost> {
  const token = randomBytes(32).toString('hex');
  const streams = new Set<ServerResponse>();
  const ctx: HandlerContext = {
    core,
    transport: 'web',
    emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]) {
      for (const stream of streams) stream.write(`event: ${event}\ndata: ${encodeWire(payload)}\n\n`);
    },
  };
  const unsubscribe = core.jobs.onChange((status) => ctx.emit('job.progress', status));
  let port = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(request, port)) {
      response.writeHead(421, SECURITY_HEADERS).end('wrong host');
      return;
    }
    // The token is checked before routing: nothing, not even a 404, answers without it.
    if (!tokenMatches(presentedToken(request, url), token)) {
      response.writeHead(401, { ...SECURITY_HEADERS, 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'Open the URL with its token printed at start.' } }));
      return;
    }
    const cookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    const headers = { ...SECURITY_HEADERS, 'set-cookie': cookie };
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') {
        response.writeHead(405, headers).end();
        return;
      }
      const envelope = await dispatch(url.pathname.slice('/api/'.length), decodeWire((await readBody(request)) || '{}'), ctx);
      response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(encodeWire(envelope));
      return;
    }
    if (url.pathname === '/events') {
      response.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(`: ${API_EVENTS.join(' ')}\n\n`);
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname.startsWith('/dicom/')) {
      await serveInstance(core, url.pathname, response, headers);
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, response, headers);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end(String((error as Error).message ?? error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** GET /dicom/<caseId>/<SOPInstanceUID>: the stored file, for the viewer's image loader. */
async function serveInstance(core: Core, pathname: string, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  const [, , caseId = '', sop = ''] = pathname.split('/').map(decodeURIComponent);
  const relative = core.library.hasCase(caseId) ? core.library.openCase(caseId).storePath(sop) : null;
  const info = relative ? await stat(join(core.dataDir, relative)).catch(() => null) : null;
  if (!relative || !info) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('file missing from the store');
    return;
  }
  response.writeHead(200, { ...headers, 'content-type': 'application/dicom', 'content-length': String(info.size), 'cache-control': 'private, max-age=3600' });
  createReadStream(join(core.dataDir, relative)).pipe(response);
}
