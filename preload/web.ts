// The API client over the loopback web host: POST /api/<channel>, events over Server-Sent Events.
// Generated from the same channel list as the Electron client (see createApiClient).
import {
  API_EVENTS,
  createApiClient,
  type ApiEnvelope,
  type ApiEventName,
  type PrecisClient,
} from './api.ts';
import { decodeWire, encodeWire } from './wire.ts';

export const TOKEN_HEADER = 'x-precis-token';

export function createWebApiClient(baseUrl: string, token: string): PrecisClient {
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const ensureEventSource = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${baseUrl}/events?token=${encodeURIComponent(token)}`);
    for (const name of API_EVENTS) {
      source.addEventListener(name, (event) => {
        const payload = decodeWire(String((event as MessageEvent).data));
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  return createApiClient(
    async (channel, args) => {
      const response = await fetch(`${baseUrl}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
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
      ensureEventSource();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    'web',
  );
}
