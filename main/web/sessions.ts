// Sessions of the web host. The printed URL carries a one-time launch code, not a session: the first
// request that presents it gets a session and the code dies. A session has two secrets:
// - `secret`, sent by the page's script (and by scripts given --session-file) in the x-precis-session
//   header. Only this authorises API calls and event streams: a page on another origin cannot send a
//   custom header without a CORS preflight, which this host never approves.
// - `cookie`, HttpOnly, for what the browser loads by itself (the app's files, /dicom/ images). Browsers
//   send cookies to every port of 127.0.0.1, so a local server on another port may see it: it never
//   authorises an API call, and it is a different random value from `secret`.
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_HEADER = 'x-precis-session';
/** Cookies ignore ports: the port in the name keeps two hosts on one machine from overwriting each other's. */
export const sessionCookieName = (port: number): string => `precis_session_${port}`;

export interface Session {
  id: string;
  secret: string;
  cookie: string | null;
  /** Open /events streams of this session (capped: see MAX_STREAMS_PER_SESSION in server.ts). */
  streams: number;
  /** `${caseId}/${SeriesInstanceUID}` already audited for this session (one row per series, not per image). */
  auditedSeries: Set<string>;
}

const newSecret = (): string => randomBytes(32).toString('base64url');
// Lookups go by a hash of the presented value, so the time a lookup takes says nothing about the secret.
const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

export class SessionStore {
  private readonly codes = new Set<string>();
  private readonly bySecret = new Map<string, Session>();
  private readonly byCookie = new Map<string, Session>();

  /** A launch code for a URL a person opens once (`/?code=...`). */
  issueCode(): string {
    const code = newSecret();
    this.codes.add(digest(code));
    return code;
  }

  /** The browser's session for a launch code, or null when the code is unknown or was used before. */
  redeemCode(code: string): Session | null {
    if (!this.codes.delete(digest(code))) return null;
    return this.create(true);
  }

  /** A session for a script (the --session-file): the header secret only, no cookie. */
  create(withCookie = false): Session {
    const session: Session = { id: newSecret(), secret: newSecret(), cookie: withCookie ? newSecret() : null, streams: 0, auditedSeries: new Set() };
    this.bySecret.set(digest(session.secret), session);
    if (session.cookie) this.byCookie.set(digest(session.cookie), session);
    return session;
  }

  fromHeader(value: string | string[] | undefined): Session | null {
    return typeof value === 'string' && value ? (this.bySecret.get(digest(value)) ?? null) : null;
  }

  fromCookieHeader(header: string | undefined, port: number): Session | null {
    const name = sessionCookieName(port);
    for (const part of (header ?? '').split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === name) return this.byCookie.get(digest(value.join('='))) ?? null;
    }
    return null;
  }
}

/** The Set-Cookie value: HttpOnly (scripts cannot read it), SameSite=Strict, the whole app's path. */
export function sessionCookie(port: number, session: Session): string {
  return `${sessionCookieName(port)}=${session.cookie}; HttpOnly; SameSite=Strict; Path=/`;
}
