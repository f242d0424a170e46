// PUT /upload/<batchId>?path=<relative path>: one file of a drag-and-drop or picker selection, streamed
// from the request body into the staging batch, encrypted as it arrives (main/dicom/staging.ts). No
// JSON, no base64, no whole file in memory: a 1.5 GB multi-frame file costs the host a few chunks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stageUpload } from '../services/importing.ts';
import { AppError } from '../errors.ts';
import { HttpError, PRIVATE_HEADERS } from './httpErrors.ts';
import type { HostState } from './routes.ts';

export async function uploadFile(state: HostState, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  if (request.method !== 'PUT') throw new HttpError(405, 'method-not-allowed', 'Uploads are PUT requests.');
  const batchId = decodeURIComponent(url.pathname.slice('/upload/'.length));
  const relativePath = url.searchParams.get('path') ?? '';
  const length = Number(request.headers['content-length']);
  if (!Number.isSafeInteger(length) || length < 0) throw new HttpError(411, 'length-required', 'An upload must say its size (Content-Length).');
  let size: number;
  try {
    size = await stageUpload(state.ctx.core, batchId, relativePath, request, length);
  } catch (error) {
    if (error instanceof AppError && error.code === 'no-space') throw new HttpError(507, error.code, error.message);
    // A batch id or a path that is not ours to write (e.g. "../x"): the client's mistake, not the host's.
    if (error instanceof AppError && !(error instanceof HttpError)) throw new HttpError(400, error.code, error.message);
    throw error;
  }
  if (size !== length) throw new HttpError(400, 'upload-incomplete', `The upload of ${relativePath} stopped after ${size} of ${length} bytes; try again.`);
  response.writeHead(200, { ...PRIVATE_HEADERS, 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value: { size } }));
}
