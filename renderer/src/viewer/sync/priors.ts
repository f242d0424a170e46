// Comparison with a prior: the open series beside the same patient's earlier study (1x2), its series of
// the same modality with the most images, scrolled to the same anatomy when the frames are linked.
import type { SeriesSummary, StudySummary } from '../../../../preload/api.ts';
import { mainSeries } from '../../browser/mainSeries.ts';
import { useApp } from '../../state/store.ts';
import { useLayout } from '../layoutStore.ts';
import { setLayout } from '../layouts.ts';
import { showSeriesIn } from '../viewportSeries.ts';
import { useSync } from './syncState.ts';

export const PRIOR_VIEWPORT_ID = 'precis-stack-2';

/** The study to compare with: the newest one dated before the open study, else any other one. */
export function priorStudyOf(open: StudySummary, studies: readonly StudySummary[]): StudySummary | null {
  const others = studies.filter((s) => s.StudyInstanceUID !== open.StudyInstanceUID);
  const key = (s: StudySummary): string => `${s.StudyDate}${s.StudyTime}`;
  const earlier = others.filter((s) => key(s) < key(open)).sort((a, b) => key(b).localeCompare(key(a)));
  return earlier[0] ?? others[0] ?? null;
}

/** Its series to show: the same modality's main series, else the study's main series. */
export function priorSeriesOf(modality: string, series: readonly SeriesSummary[]): SeriesSummary | null {
  return mainSeries(series.filter((s) => s.Modality === modality)) ?? mainSeries(series);
}

export async function comparePrior(): Promise<void> {
  const { open, studies, seriesByStudy } = useApp.getState();
  if (!open) return;
  const study = priorStudyOf(open.study, studies);
  const series = study ? priorSeriesOf(open.series.Modality, seriesByStudy[study.StudyInstanceUID] ?? []) : null;
  if (!study || !series) {
    useSync.setState({ note: 'This patient has no other study to compare with.' });
    return;
  }
  if (!useLayout.getState().viewportIds.includes(PRIOR_VIEWPORT_ID)) setLayout('1x2');
  await showSeriesIn(PRIOR_VIEWPORT_ID, study, series);
}
