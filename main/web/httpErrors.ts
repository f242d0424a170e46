// Every refusal and failure of the web host answers with the API's JSON envelope
// `{ ok: false, error: { code, message } }` and an HTTP status that says whose fault it was.
import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../../preload/errorCodes.ts';
import { AppError, errorMessage } from '../errors.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

/** Headers on everything that is not a static asset: patient data must never sit in a browser cache. */
export const PRIVATE_HEADERS: Record<string, string> = { ...SECURITY_HEADERS, 'cache-control': 'no-store' };

export class HttpError extends AppError {
  readonly status: number;
  constructor(status: number, code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'HttpError';
    this.status = status;
  }
}

/** Malformed input found while decoding a request (JSON syntax, base64, %-escapes in a path). */
function isMalformedInput(error: unknown): boolean {
  if (error instanceof SyntaxError || error instanceof URIError) return true;
  return error instanceof Error && error.name === 'InvalidCharacterError'; // atob's DOMException on bad base64
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isMalformedInput(error)) {
    return new HttpError(400, 'bad-request', `The request could not be read (${errorMessage(error)}); send JSON as the app's client does.`);
  }
  // The stack goes to the host's own log (its terminal), never to the client.
  console.error('[web] unexpected error:', error);
  return new HttpError(500, 'internal', 'Precis could not answer this request; the log of the terminal that started it says why.');
}

export function sendError(response: ServerResponse, error: unknown): void {
  const failure = toHttpError(error);
  const body = JSON.stringify({ ok: false, error: { code: failure.code, message: failure.message } });
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // A body we refused to read is not drained: close the connection instead of reusing it.
  const close = failure.status === 413 ? { connection: 'close' } : {};
  response.writeHead(failure.status, { ...PRIVATE_HEADERS, 'content-type': 'application/json', ...close }).end(body);
}
