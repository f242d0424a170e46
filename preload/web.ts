// The API client over the loopback web host: POST /api/<channel>, events over Server-Sent Events.
// Generated from the same channel list as the Electron client (see createApiClient).
// Every request carries the session in a custom header: a page on another origin cannot send one
// without a CORS preflight, which the host never approves. That is why events come through fetch
// (which can send headers) rather than EventSource (which cannot).
import {
  API_EVENTS,
  createApiClient,
  type ApiEnvelope,
  type ApiEventName,
  type PrecisClient,
  PrecisApiError,
} from './api.ts';
import { decodeWire, encodeWire } from './wire.ts';

export const SESSION_HEADER = 'x-precis-session';
/** Wait before reopening a dropped event stream (ms): the host restarting, a network hiccup. */
const RECONNECT_MS = 1000;

type Deliver = (name: ApiEventName, payload: unknown) => void;

/** Splits an SSE byte stream into events ("event: NAME\ndata: JSON\n\n") and delivers known names. */
async function readEvents(body: ReadableStream<Uint8Array>, deliver: Deliver): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name && data !== undefined && (API_EVENTS as readonly string[]).includes(name)) deliver(name as ApiEventName, decodeWire(data));
    }
  }
}

/** Keeps one event stream open for the client's lifetime, reopening it when it ends or the host is
 *  unreachable; `reconnected` runs each time it is open again after a drop (events may be lost). */
function streamEvents(baseUrl: string, session: string, deliver: Deliver, reconnected: () => void): void {
  let opened = false;
  const open = async (): Promise<void> => {
    try {
      const response = await fetch(`${baseUrl}/events`, { headers: { [SESSION_HEADER]: session }, cache: 'no-store' });
      // A refused stream (401: not this host's session; 429: too many open) is not retried: nothing would change.
      if (!response.ok || !response.body) return;
      if (opened) reconnected();
      opened = true;
      await readEvents(response.body, deliver);
    } catch {
      // The host stopped or restarted: try again below, as EventSource would.
    }
    setTimeout(() => void open(), RECONNECT_MS);
  };
  void open();
}

export function createWebApiClient(baseUrl: string, session: string): PrecisClient {
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  let streaming = false;
  const reconnectListeners = new Set<() => void>();
  const deliver: Deliver = (name, payload) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  const startStreaming = (): void => {
    if (streaming || typeof fetch !== 'function') return;
    streaming = true;
    streamEvents(baseUrl, session, deliver, () => reconnectListeners.forEach((listener) => listener()));
  };
  const uploadFile = async (args: { batchId: string; relativePath: string; file: Blob }): Promise<{ size: number }> => {
    const url = `${baseUrl}/upload/${encodeURIComponent(args.batchId)}?path=${encodeURIComponent(args.relativePath)}`;
    // The browser streams the file from disk: no copy of it in memory, no base64.
    const response = await fetch(url, { method: 'PUT', headers: { [SESSION_HEADER]: session }, body: args.file });
    const envelope = (await response.json().catch(() => null)) as ApiEnvelope<{ size: number }> | null;
    if (!envelope) throw new PrecisApiError({ code: 'transport', message: `The local server answered ${response.status}.` });
    if (!envelope.ok) throw new PrecisApiError(envelope.error);
    return envelope.value;
  };

  return createApiClient(
    async (channel, args) => {
      const response = await fetch(`${baseUrl}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SESSION_HEADER]: session },
        body: encodeWire(args),
      });
      const text = await response.text();
      try {
        return decodeWire(text) as ApiEnvelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'transport', message: `The local server answered ${response.status}.` } };
      }
    },
    (event, listener) => {
      startStreaming();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    'web',
    {
      uploadFile,
      requestHeaders: () => ({ [SESSION_HEADER]: session }),
      onReconnect: (listener) => {
        startStreaming();
        reconnectListeners.add(listener);
        return () => reconnectListeners.delete(listener);
      },
    },
  );
}
