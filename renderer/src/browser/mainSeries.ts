// Which series a study opens on: its main image series, not the scout, a dose report or a summary
// screen. Pure (types only), so Vitest checks it against series lists of real studies.
//
// Chosen here, in the renderer, from the series list it already has: main decides per series at
// listing time whether it has a displayable image (thumbnailSOPInstanceUID is null otherwise, e.g.
// SR/PR/KO or an unsupported transfer syntax), so no contract field and no extra query is needed.
// instanceCount counts every instance; a series mixes displayable and undisplayable images rarely
// enough that the count of all its images ranks it.
import type { SeriesSummary } from '../../../preload/api.ts';

/** Lower SeriesNumber first; a series without one after every numbered series. */
function bySeriesNumber(a: SeriesSummary, b: SeriesSummary): number {
  return (a.SeriesNumber ?? Number.POSITIVE_INFINITY) - (b.SeriesNumber ?? Number.POSITIVE_INFINITY);
}

/**
 * The image series with the most images among those with a displayable image; ties go to the
 * lowest SeriesNumber, then to the earlier series in the list. Null when nothing can be shown.
 */
export function mainSeries(series: readonly SeriesSummary[]): SeriesSummary | null {
  let best: SeriesSummary | null = null;
  for (const candidate of series) {
    if (candidate.thumbnailSOPInstanceUID === null || candidate.instanceCount === 0) continue;
    if (!best || candidate.instanceCount > best.instanceCount) best = candidate;
    else if (candidate.instanceCount === best.instanceCount && bySeriesNumber(candidate, best) < 0) best = candidate;
  }
  return best;
}
