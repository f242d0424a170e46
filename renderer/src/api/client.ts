// The API client: `window.precis` from the Electron preload, or the same client over the web host.
import type { PrecisClient } from '../../../preload/api.ts';
import { createWebApiClient } from '../../../preload/web.ts';

declare global {
  interface Window {
    precis?: PrecisClient;
  }
}

// The web host hands the page its session once, in the fragment of the launch redirect
// (`/#session=...`): fragments never reach a server. It is kept for this tab only (reloads) and taken
// out of the visible address and the history at once.
function sessionFromUrl(): string {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const session = fragment.get('session') ?? sessionStorage.getItem('precis-session') ?? '';
  if (session) sessionStorage.setItem('precis-session', session);
  if (fragment.has('session')) {
    url.hash = '';
    window.history.replaceState(null, '', url.toString());
  }
  return session;
}

let client: PrecisClient | null = null;

export function precis(): PrecisClient {
  client ??= window.precis ?? createWebApiClient(window.location.origin, sessionFromUrl());
  return client;
}

/** Where the viewer's image loader fetches stored DICOM files from. */
export function pixelBaseUrl(): string {
  return precis().transport === 'electron' ? 'precis://app' : window.location.origin;
}
