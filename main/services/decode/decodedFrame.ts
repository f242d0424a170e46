// One frame of a stored instance decoded by GDCM, as the viewer's /frames/ route sends it: raw little
// endian samples, and its geometry in headers (web host and Electron protocol alike). The original
// bytes stay untouched in the store (export sends those).
import type { Core } from '../../core.ts';
import { openInstanceBytes } from '../storedInstance.ts';
import { decodePool } from './decodePool.ts';

export interface FrameAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

const text = (status: number, body: string): FrameAnswer => ({ status, headers: { 'content-type': 'text/plain' }, body });

/** `frame` is 1-based, as in the image id. */
export async function decodedFrame(core: Core, caseId: string, sop: string, frame: number): Promise<FrameAnswer> {
  if (!Number.isInteger(frame) || frame < 1) return text(400, 'frames are numbered from 1');
  const missing = new Error('file missing from the store');
  const decoded = await decodePool
    .decode(`${caseId}/${sop}`, async () => {
      const file = await openInstanceBytes(core, caseId, sop);
      if (!file) throw missing;
      // Decrypted into memory only: the decoder reads it from its own in-memory file system.
      const parts: Buffer[] = [];
      for await (const part of file.stream) parts.push(part as Buffer);
      return new Uint8Array(Buffer.concat(parts));
    })
    .catch((error: unknown) => {
      if (error === missing) return null;
      throw error;
    });
  if (!decoded) return text(404, 'file missing from the store');
  const pixels = decoded.frames[frame - 1];
  if (!pixels) return text(404, `this instance has ${decoded.frames.length} frame(s)`);
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(pixels.byteLength),
      'x-precis-rows': String(decoded.rows),
      'x-precis-columns': String(decoded.columns),
      'x-precis-samples-per-pixel': String(decoded.samplesPerPixel),
      'x-precis-bits-allocated': String(decoded.bitsAllocated),
      'x-precis-pixel-representation': decoded.signed ? '1' : '0',
      'x-precis-photometric': decoded.photometric,
      'x-precis-frames': String(decoded.frames.length),
    },
    // Typed arrays are little endian on every platform Node and Electron run on.
    body: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength),
  };
}

/** `/frames/<caseId>/<SOPInstanceUID>/<frame>` split into its parts, or null. */
export function parseFramePath(pathname: string): { caseId: string; sop: string; frame: number } | null {
  const [, root, caseId = '', sop = '', frame = ''] = pathname.split('/').map(decodeURIComponent);
  if (root !== 'frames' || !caseId || !sop || !/^\d+$/.test(frame)) return null;
  return { caseId, sop, frame: Number(frame) };
}
