// Binary data the viewer loads by URL (stored DICOM files, frames the app decoded; masks, volumes and
// tracks as the next capabilities add them): one table of routes that both transports serve, the web
// host under its session header, Electron under its precis:// protocol. A new kind of binary result is
// one entry here.
import { Readable } from 'node:stream';
import type { Core } from '../core.ts';
import { decodedFrame, parseFramePath } from './decode/decodedFrame.ts';
import { decodePool } from './decode/decodePool.ts';
import { maskRoute } from './maskRoute.ts';
import { openInstanceBytes } from './storedInstance.ts';

export interface BinaryAnswer {
  status: number;
  headers: Record<string, string>;
  body: Readable | Uint8Array | string;
}

/** What a request reads: an instance of a series, or a run's label volume. */
export type BinaryTarget = { caseId: string; sop: string } | { caseId: string; runId: string };

export interface BinaryRoute {
  /** Path prefix, e.g. '/dicom/'. */
  prefix: string;
  /** The case and instance (or model run) a request reads (its audit row names them), or null for a malformed path. */
  target(pathname: string): BinaryTarget | null;
  answer(core: Core, pathname: string): Promise<BinaryAnswer>;
}

const text = (status: number, body: string): BinaryAnswer => ({ status, headers: { 'content-type': 'text/plain' }, body });

/** /dicom/<caseId>/<SOPInstanceUID>: the stored file's original bytes, decrypted as they stream. */
const storedFiles: BinaryRoute = {
  prefix: '/dicom/',
  target(pathname) {
    const [, , caseId = '', sop = ''] = pathname.split('/').map(decodeURIComponent);
    return caseId && sop ? { caseId, sop } : null;
  },
  async answer(core, pathname) {
    const ref = this.target(pathname) as { caseId: string; sop: string } | null;
    const file = ref ? await openInstanceBytes(core, ref.caseId, ref.sop) : null;
    if (!file) return text(404, 'file missing from the store');
    return { status: 200, headers: { 'content-type': 'application/dicom', 'content-length': String(file.size) }, body: file.stream };
  },
};

/** /frames/<caseId>/<SOPInstanceUID>/<frame>: a frame the app decoded itself (GDCM), see decode/. */
const decodedFrames: BinaryRoute = {
  prefix: '/frames/',
  target: (pathname) => parseFramePath(pathname),
  async answer(core, pathname) {
    const ref = parseFramePath(pathname);
    return ref ? decodedFrame(core, ref.caseId, ref.sop, ref.frame) : text(400, 'expected /frames/<case>/<instance>/<frame>');
  },
};

export const BINARY_ROUTES: readonly BinaryRoute[] = [storedFiles, decodedFrames, maskRoute];

/** Gets the routes' slow parts ready as a transport starts serving them: the decoder's child process
 *  and its WebAssembly module (about 0.3 s), which the first 12-bit JPEG image would otherwise wait for. */
export function prepareBinaryRoutes(): void {
  decodePool.warm();
}

export function findBinaryRoute(pathname: string): BinaryRoute | null {
  return BINARY_ROUTES.find((route) => pathname.startsWith(route.prefix)) ?? null;
}
