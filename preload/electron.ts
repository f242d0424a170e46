// The Electron preload: exposes exactly one object, `window.precis`, generated from the channel list.
// No ipcRenderer, no Node, no generic send: only the allowlisted channels and events.
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNELS, API_EVENTS, createApiClient, type ApiEnvelope } from './api.ts';

const allowedChannels = new Set<string>(API_CHANNELS);
const allowedEvents = new Set<string>(API_EVENTS);

const client = createApiClient(
  async (channel, args) => {
    if (!allowedChannels.has(channel)) {
      return { ok: false, error: { code: 'unknown-channel', message: `Unknown call ${channel}.` } };
    }
    return (await ipcRenderer.invoke(`precis:${channel}`, args)) as ApiEnvelope<unknown>;
  },
  (event, listener) => {
    if (!allowedEvents.has(event)) return () => undefined;
    const wrapped = (_e: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(`precis-event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`precis-event:${event}`, wrapped);
  },
  'electron',
);

contextBridge.exposeInMainWorld('precis', client);
