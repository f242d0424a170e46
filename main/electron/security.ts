// The Electron security baseline: no navigation, no new windows, no permissions, no remote requests.
import { app, session, type WebContents } from 'electron';

const LOCAL_SCHEMES = new Set(['precis:', 'devtools:', 'data:', 'blob:']);

export function isLocalUrl(url: string): boolean {
  try {
    return LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function applySessionPolicy(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  // Every request to anything but our own scheme is cancelled: the app makes no network traffic.
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isLocalUrl(details.url) }));
}

export function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith('precis://app/')) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
