// Stable image ids: `precis:<caseId>/<SOPInstanceUID>/<frame, 1-based>`. They name an image, never a
// host or port, so what is saved against an image id still resolves after a restart and on either
// transport; the image loader (precisLoader.ts) turns one into the current transport's URL.
import type { InstanceSummary } from '../../../preload/api.ts';

export const PRECIS_SCHEME = 'precis';

export interface PrecisImageRef {
  caseId: string;
  sop: string;
  /** 1-based, as in DICOM's frame numbers. */
  frame: number;
}

export function precisImageId(caseId: string, sop: string, frame = 1): string {
  return `${PRECIS_SCHEME}:${encodeURIComponent(caseId)}/${encodeURIComponent(sop)}/${frame}`;
}

/** The parts of a precis: id, or null for any other id (wadouri:, a malformed one). */
export function parsePrecisImageId(imageId: string): PrecisImageRef | null {
  if (!imageId.startsWith(`${PRECIS_SCHEME}:`)) return null;
  const parts = imageId.slice(PRECIS_SCHEME.length + 1).split('/');
  if (parts.length !== 3) return null;
  const [caseId, sop, frameText] = parts as [string, string, string];
  const frame = Number(frameText);
  if (!caseId || !sop || !Number.isInteger(frame) || frame < 1) return null;
  return { caseId: decodeURIComponent(caseId), sop: decodeURIComponent(sop), frame };
}

/** One image id per frame: multi-frame instances are shown frame by frame. */
export function imageIdsOf(instances: readonly InstanceSummary[]): string[] {
  return instances.flatMap((i) =>
    Array.from({ length: Math.max(1, i.NumberOfFrames) }, (_, f) => precisImageId(i.caseId, i.SOPInstanceUID, f + 1)),
  );
}
