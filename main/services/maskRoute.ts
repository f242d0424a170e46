// /masks/<caseId>/<runId>: a run's label volume, decrypted as it streams (Uint8, x fastest, on the grid of
// its header); /masks/<caseId>/<runId>/header: that grid (dims, spacing, origin, direction, the SOP
// Instance UID of each slice) and the labels with the manifest's names and colours, as JSON;
// /masks/<caseId>/by-series/<SeriesInstanceUID>: those headers for every done run on a series, oldest
// first (what the viewer asks when it opens a series; a route, not an API call, so the viewer needs
// nothing from the AI tab's channels). The bytes and headers are audited by the transport (target). After a
// clinician's edit, each serves the run's latest edit (maskEdit/latestRunMask.ts), never the original.
import type { Core } from '../core.ts';
import { openLabelVolume } from '../ai/masks/labelVolumeFile.ts';
import { latestMaskHeader } from './maskEdit/latestRunMask.ts';
import type { BinaryAnswer, BinaryRoute } from './binaryRoutes.ts';

const text = (status: number, body: string): BinaryAnswer => ({ status, headers: { 'content-type': 'text/plain' }, body });

const BY_SERIES = 'by-series';

function parseListPath(pathname: string): { caseId: string; SeriesInstanceUID: string } | null {
  const parts = pathname.split('/').map(decodeURIComponent);
  const [, , caseId = '', kind, series = ''] = parts;
  return kind === BY_SERIES && caseId && /^[0-9.]{1,64}$/.test(series) && parts.length === 5 ? { caseId, SeriesInstanceUID: series } : null;
}

function parseMaskPath(pathname: string): { caseId: string; runId: string; header: boolean } | null {
  const parts = pathname.split('/').map(decodeURIComponent);
  if (parts[3] === BY_SERIES) return null;
  const [, , caseId = '', runId = '', rest] = parts;
  if (!caseId || !/^[A-Za-z0-9-]{1,64}$/.test(runId) || parts.length > 5 || (rest !== undefined && rest !== 'header')) return null;
  return { caseId, runId, header: rest === 'header' };
}

export const maskRoute: BinaryRoute = {
  prefix: '/masks/',
  target(pathname) {
    const ref = parseMaskPath(pathname);
    return ref ? { caseId: ref.caseId, runId: ref.runId } : null;
  },
  async answer(core: Core, pathname: string) {
    const list = parseListPath(pathname);
    if (list) {
      const caseFile = core.library.hasCase(list.caseId) ? core.library.openCase(list.caseId) : null;
      const masks = caseFile ? caseFile.inferenceMasks.list(list.SeriesInstanceUID).map((m) => latestMaskHeader(caseFile, m.runId)?.mask ?? null) : [];
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(masks.filter((m) => m !== null)) };
    }
    const ref = parseMaskPath(pathname);
    if (!ref) return text(400, 'expected /masks/<case>/<run> or /masks/<case>/<run>/header');
    if (!core.library.hasCase(ref.caseId)) return text(404, 'no such case');
    const caseFile = core.library.openCase(ref.caseId);
    // The run's mask as it stands: its latest clinician edit, else the model's original.
    const latest = latestMaskHeader(caseFile, ref.runId);
    if (!latest) return text(404, 'this run has no stored mask');
    if (ref.header) return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(latest.mask) };
    const file = await openLabelVolume(core.dataDir, caseFile.storeKey, ref.caseId, latest.fileName).catch(() => null);
    if (!file) return text(404, 'mask file missing');
    return { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.size) }, body: file.stream };
  },
};
