// Who may talk to the web host, decided from the request's own headers before any routing:
// our Host only (no DNS rebinding), and no request a page on another origin started.
import type { IncomingMessage } from 'node:http';

const ownHosts = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

/** Only our own origin may talk to us: refuses DNS-rebinding Host headers. */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  return ownHosts(port).includes(request.headers.host ?? '');
}

/** A person opening the printed URL or the app's root (typed, from the launcher, a reload). */
export function isRootNavigation(request: IncomingMessage, pathname: string): boolean {
  const mode = request.headers['sec-fetch-mode'];
  return request.method === 'GET' && (pathname === '/' || pathname === '/index.html') && (mode === undefined || mode === 'navigate');
}

/**
 * Why a request started by another origin is refused, or null when it is not. Browsers say where a
 * request comes from (Origin, Sec-Fetch-Site); scripts and the command line send neither and are
 * judged by their session alone. `Sec-Fetch-Site: none` (a typed URL, the launcher) is accepted only
 * for a navigation to the root: a page on another port is `same-site`, never `same-origin`.
 */
export function crossOriginRefusal(request: IncomingMessage, port: number, rootNavigation: boolean): string | null {
  const origin = request.headers.origin;
  if (origin !== undefined && !ownHosts(port).some((host) => origin === `http://${host}`)) {
    return `Requests from ${origin} are refused: open Precis from the URL it printed.`;
  }
  const site = request.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin') return null;
  if (site === 'none' && rootNavigation) return null;
  return 'Requests started by another site or port are refused: open Precis from the URL it printed.';
}
