// Reads an API call's JSON body, refusing what is too large or not JSON before anything runs.
import type { IncomingMessage } from 'node:http';
import { decodeWire } from '../../preload/wire.ts';
import { HttpError } from './httpErrors.ts';

/** 64 MiB: one staged upload chunk as base64 JSON (4/3 of its bytes) fits with room to spare. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

const tooLarge = (limit: number): HttpError =>
  new HttpError(413, 'body-too-large', `The request is larger than the web host accepts (${Math.round(limit / 1024)} KiB); send the files in smaller parts.`);

/** A no-cors page can only send text/plain, form or multipart bodies: JSON proves a script of ours sent it. */
export function requireJson(request: IncomingMessage): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported-media-type', 'API calls must be sent as application/json, as the app\'s client does.');
  }
}

export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // decodeWire throws SyntaxError (JSON, escapes) or InvalidCharacterError (base64): both answer 400.
  return decodeWire(text || '{}');
}
