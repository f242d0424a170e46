// A run's label volume over the binary routes (main/services/maskRoute.ts): the headers of a series' done
// runs, then each run's bytes (Uint8, x fastest, on the series' own grid). Patient data: the web host
// answers only requests that carry the session header, like /dicom/.
import type { RunMask } from '../../../../preload/api.ts';
import { pixelBaseUrl, precis } from '../../api/client.ts';

async function get(path: string, signal: AbortSignal): Promise<Response> {
  const headers = ((await precis().requestHeaders?.()) ?? {}) as Record<string, string>;
  const response = await fetch(`${pixelBaseUrl()}${path}`, { headers, cache: 'no-store', signal });
  if (!response.ok) throw new Error(`the mask could not be read: ${response.status} ${await response.text()}`);
  return response;
}

/** Masks of the done runs on a series, oldest run first. */
export async function masksOfSeries(caseId: string, SeriesInstanceUID: string, signal: AbortSignal): Promise<RunMask[]> {
  return (await (await get(`/masks/${encodeURIComponent(caseId)}/by-series/${encodeURIComponent(SeriesInstanceUID)}`, signal)).json()) as RunMask[];
}

/** A run's label bytes; refused when they do not fill its grid. */
export async function maskBytes(mask: RunMask, signal: AbortSignal): Promise<Uint8Array> {
  const bytes = new Uint8Array(await (await get(`/masks/${encodeURIComponent(mask.caseId)}/${encodeURIComponent(mask.runId)}`, signal)).arrayBuffer());
  const [columns, rows, slices] = mask.geometry.dims;
  if (bytes.length !== columns * rows * slices) throw new Error(`the mask of run ${mask.runId} holds ${bytes.length} voxels, not ${columns}x${rows}x${slices}`);
  return bytes;
}
