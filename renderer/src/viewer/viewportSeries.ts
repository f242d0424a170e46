// What each viewport shows beyond the main one: the main viewport shows the app's open series (the
// study browser's selection); the others show the series dropped onto them (layouts of 1x2, 2x1, 2x2).
import { create } from 'zustand';
import type { SeriesSummary, StudySummary } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';
import { openSeries } from '../commands.ts';
import { useApp, type OpenSeries } from '../state/store.ts';
import { MAIN_VIEWPORT_ID, useLayout } from './layoutStore.ts';
import { mprOrientationOf } from './mpr/mprLayout.ts';

export const useViewportSeries = create<{ byViewport: Record<string, OpenSeries> }>(() => ({ byViewport: {} }));

/** The series `viewportId` shows, or null. */
export function seriesOf(viewportId: string, state: { open: OpenSeries | null }, own: Record<string, OpenSeries>): OpenSeries | null {
  // The MPR planes show the main viewport's series.
  return viewportId === MAIN_VIEWPORT_ID || mprOrientationOf(viewportId) ? state.open : (own[viewportId] ?? null);
}

/** Shows a series of the selected patient in `viewportId` (and makes it the active viewport). */
export async function showSeriesIn(viewportId: string, study: StudySummary, series: SeriesSummary): Promise<void> {
  useLayout.setState({ activeViewportId: viewportId });
  if (viewportId === MAIN_VIEWPORT_ID || mprOrientationOf(viewportId)) return openSeries(study, series);
  const patient = useApp.getState().selectedPatient;
  if (!patient) return;
  // series.instances audits the viewing in the case, as the main viewport's opening does.
  const instances = await precis().series.instances({ caseId: series.caseId, SeriesInstanceUID: series.SeriesInstanceUID });
  useViewportSeries.setState((s) => ({ byViewport: { ...s.byViewport, [viewportId]: { patient, study, series, instances } } }));
}

export function forgetViewportSeries(viewportIds: readonly string[]): void {
  useViewportSeries.setState((s) => ({ byViewport: Object.fromEntries(Object.entries(s.byViewport).filter(([id]) => !viewportIds.includes(id))) }));
}

/** The drag payload of a series row. */
export const SERIES_DRAG_TYPE = 'application/x-precis-series';

export interface DraggedSeries {
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
}

/** The study and series a drop names, from what the study browser lists. */
export function draggedSeries(data: DraggedSeries): { study: StudySummary; series: SeriesSummary } | null {
  const { studies, seriesByStudy } = useApp.getState();
  const study = studies.find((s) => s.StudyInstanceUID === data.StudyInstanceUID);
  const series = seriesByStudy[data.StudyInstanceUID]?.find((s) => s.SeriesInstanceUID === data.SeriesInstanceUID);
  return study && series ? { study, series } : null;
}
