// --session-file FILE: what a script needs to call the web host, written readable by its owner only.
import { rmSync, writeFileSync } from 'node:fs';

export interface SessionFileContent {
  /** The host's origin, e.g. http://127.0.0.1:43123 (API calls go to `${url}/api/<channel>`). */
  url: string;
  port: number;
  /** Sent in the x-precis-session header of every request. */
  session: string;
}

export function writeSessionFile(path: string, content: SessionFileContent): void {
  // A file left by an earlier start may have looser permissions: remove it, then create anew with 0600
  // ('wx' fails rather than write through a file or link someone put there in between).
  rmSync(path, { force: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** The session dies with the host: its file goes too. */
export function removeSessionFile(path: string): void {
  rmSync(path, { force: true });
}
