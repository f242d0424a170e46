// The web host's routes other than files: the launch code, API calls, event streams. Each route gets
// the session it needs already checked, or refuses with an HttpError (answered by sendError).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_EVENTS } from '../../preload/api.ts';
import { encodeWire } from '../../preload/wire.ts';
import { dispatch } from '../api/dispatcher.ts';
import type { HandlerContext } from '../api/types.ts';
import { readJsonBody, requireJson } from './body.ts';
import { markSeriesAudited } from './dicomAudit.ts';
import { HttpError, PRIVATE_HEADERS } from './httpErrors.ts';
import { SESSION_HEADER, sessionCookie, type Session, type SessionStore } from './sessions.ts';

/** Open /events streams per session: the app needs one; a leak or a loop must not exhaust the host. */
export const MAX_STREAMS_PER_SESSION = 16;

export interface HostState {
  ctx: HandlerContext;
  sessions: SessionStore;
  streams: Set<ServerResponse>;
  port: number;
  maxBodyBytes: number;
}

const json = { ...PRIVATE_HEADERS, 'content-type': 'application/json' };

/** The session named by the x-precis-session header: what API calls and event streams need. */
export function headerSession(state: HostState, request: IncomingMessage): Session {
  const session = state.sessions.fromHeader(request.headers[SESSION_HEADER]);
  if (session) return session;
  if (state.sessions.fromCookieHeader(request.headers.cookie, state.port)) {
    throw new HttpError(403, 'session-header-required', 'This call needs the session header the app sends; a cookie alone is not enough.');
  }
  throw new HttpError(401, 'unauthorized', 'Open Precis from the URL it printed at start, or send the session from --session-file in the x-precis-session header.');
}

/** The header's session, or the cookie's for what the browser loads by itself (app files, images). */
export function readerSession(state: HostState, request: IncomingMessage): Session {
  const session = state.sessions.fromHeader(request.headers[SESSION_HEADER]) ?? state.sessions.fromCookieHeader(request.headers.cookie, state.port);
  if (!session) throw new HttpError(401, 'unauthorized', 'Open Precis from the URL it printed at start.');
  return session;
}

/**
 * GET /?code=...: trades the one-time code for a session. The page's script finds the header secret in
 * the redirect's fragment (never sent to a server, removed from the address by the app); the browser
 * keeps the cookie. Other query parameters (e.g. diagnostics=1) survive the redirect.
 */
export function redeemLaunchCode(state: HostState, url: URL, response: ServerResponse): void {
  const session = state.sessions.redeemCode(url.searchParams.get('code') ?? '');
  if (!session) {
    throw new HttpError(401, 'launch-code-used', 'This link was already used or is not from this start of Precis: restart Precis for a new link.');
  }
  url.searchParams.delete('code');
  const location = `/${url.search}#session=${encodeURIComponent(session.secret)}`;
  response.writeHead(303, { ...PRIVATE_HEADERS, location, 'set-cookie': sessionCookie(state.port, session) }).end();
}

export async function apiCall(state: HostState, request: IncomingMessage, response: ServerResponse, channel: string, session: Session): Promise<void> {
  if (request.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'API calls are POST requests.');
  requireJson(request);
  const args = await readJsonBody(request, state.maxBodyBytes);
  const envelope = await dispatch(channel, args, state.ctx);
  if (envelope.ok && channel === 'series.instances') {
    // series.instances already wrote the series.view row: the images that follow add none.
    const { caseId, SeriesInstanceUID } = args as { caseId: string; SeriesInstanceUID: string };
    markSeriesAudited(session, caseId, SeriesInstanceUID);
  }
  response.writeHead(200, json).end(encodeWire(envelope));
}

/** GET /events: Server-Sent Events, one stream per open page, at most MAX_STREAMS_PER_SESSION. */
export function openEventStream(state: HostState, request: IncomingMessage, response: ServerResponse, session: Session): void {
  if (request.method !== 'GET') throw new HttpError(405, 'method-not-allowed', 'The event stream is a GET request.');
  if (session.streams >= MAX_STREAMS_PER_SESSION) {
    throw new HttpError(429, 'too-many-streams', `This session already has ${MAX_STREAMS_PER_SESSION} event streams open; close other Precis tabs.`);
  }
  session.streams += 1;
  response.writeHead(200, { ...PRIVATE_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
  response.write(`: ${API_EVENTS.join(' ')}\n\n`);
  state.streams.add(response);
  request.on('close', () => {
    session.streams -= 1;
    state.streams.delete(response);
  });
}

/** POST /session/launch: a new one-time launch URL, for a script (or test) that opens another window. */
export function issueLaunchUrl(state: HostState, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'A launch URL is made by a POST request.');
  const url = `http://127.0.0.1:${state.port}/?code=${state.sessions.issueCode()}`;
  response.writeHead(200, json).end(JSON.stringify({ url }));
}
