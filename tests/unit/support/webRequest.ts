// Raw HTTP requests to a web host, with exactly the headers a test names (fetch adds its own
// Sec-Fetch-* headers; a forged or scripted request sends whatever it likes).
import { request, type IncomingHttpHeaders } from 'node:http';

export interface WebAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function webRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<WebAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A JSON API call with the session header, as the app's client and scripts send it. */
export function apiCall(port: number, session: string, channel: string, args: unknown, headers: Record<string, string> = {}): Promise<WebAnswer> {
  return webRequest(port, `/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-precis-session': session, ...headers },
    body: JSON.stringify(args),
  });
}

/** Opens the launch URL as a browser navigation would, and hands back what the redirect gave. */
export async function redeem(port: number, launchUrl: string): Promise<{ answer: WebAnswer; session: string | null; cookie: string | null }> {
  const { pathname, search } = new URL(launchUrl);
  const answer = await webRequest(port, pathname + search, { headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
  const location = answer.headers.location ?? '';
  const session = new URLSearchParams(location.split('#')[1] ?? '').get('session');
  const cookie = answer.headers['set-cookie']?.[0] ?? null;
  return { answer, session, cookie };
}
