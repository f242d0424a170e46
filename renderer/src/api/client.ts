// The API client: `window.precis` from the Electron preload, or the same client over the web host.
import type { PrecisClient } from '../../../preload/api.ts';
import { createWebApiClient } from '../../../preload/web.ts';

declare global {
  interface Window {
    precis?: PrecisClient;
  }
}

function tokenFromUrl(): string {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? sessionStorage.getItem('precis-token') ?? '';
  if (token) sessionStorage.setItem('precis-token', token);
  // Keep the token out of the visible address and the history.
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return token;
}

let client: PrecisClient | null = null;

export function precis(): PrecisClient {
  client ??= window.precis ?? createWebApiClient(window.location.origin, tokenFromUrl());
  return client;
}

/** Where the viewer's image loader fetches stored DICOM files from. */
export function pixelBaseUrl(): string {
  return precis().transport === 'electron' ? 'precis://app' : window.location.origin;
}
