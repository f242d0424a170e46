// The loopback web host: the same core and API as the Electron shell, over HTTP on 127.0.0.1 only.
// Before any routing: our Host only, nothing another origin started, and a session (see sessions.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiEventName, ApiEvents } from '../../preload/api.ts';
import { encodeWire } from '../../preload/wire.ts';
import type { ImportRoots } from '../api/importRoots.ts';
import type { Core } from '../core.ts';
import { findBinaryRoute, prepareBinaryRoutes, type BinaryRoute } from '../services/binaryRoutes.ts';
import { crossOriginRefusal, hostAllowed, isRootNavigation } from './auth.ts';
import { DEFAULT_MAX_BODY_BYTES } from './body.ts';
import { auditInstanceRead, auditMaskRead } from './dicomAudit.ts';
import { HttpError, PRIVATE_HEADERS, sendError } from './httpErrors.ts';
import { apiCall, headerSession, issueLaunchUrl, openEventStream, readerSession, redeemLaunchCode, type HostState } from './routes.ts';
import { SessionStore, type Session } from './sessions.ts';
import { uploadFile } from './uploadRoute.ts';
import { serveStatic } from './staticFiles.ts';

export interface WebHostOptions {
  port?: number;
  rendererDir: string;
  /** Folders whose files import.start may read by path; default none (uploads only). */
  importRoots?: ImportRoots;
  maxBodyBytes?: number;
}

export interface WebHost {
  /** The printed URL: `http://127.0.0.1:PORT/?code=...`, good for one page load. */
  url: string;
  origin: string;
  port: number;
  server: Server;
  /** A session secret for a script (what --session-file holds), sent in the x-precis-session header. */
  createScriptSession(): string;
  close(): Promise<void>;
}

async function route(state: HostState, request: IncomingMessage, response: ServerResponse, rendererDir: string): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (!hostAllowed(request, state.port)) throw new HttpError(421, 'wrong-host', 'Open Precis at 127.0.0.1 with the port it printed.');
  const refusal = crossOriginRefusal(request, state.port, isRootNavigation(request, url.pathname));
  // Refused before routing: a forged request learns nothing, not even whether a path exists.
  if (refusal) throw new HttpError(403, 'cross-origin', refusal);
  if (url.pathname === '/' && url.searchParams.has('code')) return redeemLaunchCode(state, url, response);
  if (url.pathname.startsWith('/api/')) return apiCall(state, request, response, url.pathname.slice('/api/'.length), headerSession(state, request));
  if (url.pathname === '/events') return openEventStream(state, request, response, headerSession(state, request));
  if (url.pathname.startsWith('/upload/')) {
    headerSession(state, request);
    return uploadFile(state, request, response, url);
  }
  if (url.pathname === '/session/launch') {
    headerSession(state, request);
    return issueLaunchUrl(state, request, response);
  }
  const binary = findBinaryRoute(url.pathname);
  // Patient data: the header session only (the app's image loader sends it); never the cookie alone.
  if (binary) return serveBinary(state, binary, url.pathname, response, headerSession(state, request));
  readerSession(state, request);
  return serveStatic(rendererDir, url.pathname, response, PRIVATE_HEADERS);
}

export async function startWebHost(core: Core, options: WebHostOptions): Promise<WebHost> {
  const streams = new Set<ServerResponse>();
  const state: HostState = {
    ctx: {
      core,
      transport: 'web',
      importRoots: options.importRoots ?? [],
      emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]) {
        core.events.emit(event, payload);
      },
    },
    sessions: new SessionStore(),
    streams,
    port: 0,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  // Every event of the core's bus, from the one list (API_EVENTS), to every open event stream.
  const unsubscribe = core.events.onAny((event, payload) => {
    for (const stream of streams) stream.write(`event: ${event}\ndata: ${encodeWire(payload)}\n\n`);
  });
  const server = createServer((request, response) => {
    route(state, request, response, options.rendererDir).catch((error: unknown) => sendError(response, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  state.port = (server.address() as AddressInfo).port;
  prepareBinaryRoutes();
  const origin = `http://127.0.0.1:${state.port}`;
  return {
    url: `${origin}/?code=${state.sessions.issueCode()}`,
    origin,
    port: state.port,
    server,
    createScriptSession: () => state.sessions.create().secret,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A binary route's answer: audited once per series and session, never cached by the browser. */
async function serveBinary(state: HostState, route: BinaryRoute, pathname: string, response: ServerResponse, session: Session): Promise<void> {
  const target = route.target(pathname);
  if (target && 'sop' in target) auditInstanceRead(state.ctx.core, session, target.caseId, target.sop);
  if (target && 'runId' in target) auditMaskRead(state.ctx.core, session, target.caseId, target.runId);
  const answer = await route.answer(state.ctx.core, pathname);
  response.writeHead(answer.status, { ...PRIVATE_HEADERS, ...answer.headers, 'cache-control': 'no-store' });
  if (answer.body instanceof Readable) await pipeline(answer.body, response);
  else response.end(answer.body);
}
