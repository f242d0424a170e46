// Hanging protocols: the layout a study opens in, per modality. A reader saves the layout on screen for
// the open series' modality (kept in the library); without one, a few modalities have a built-in layout
// (mammography's four views), and the others keep the layout the reader has. The grid's other
// viewports get the study's other image series, largest first (a scout last), then in series order.
import { create } from 'zustand';
import type { HangingProtocol, LayoutName } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';
import { reportError } from '../commands.ts';
import { useApp } from '../state/store.ts';
import { MAIN_VIEWPORT_ID, useLayout } from './layoutStore.ts';
import { setLayout } from './layouts.ts';
import { showSeriesIn, useViewportSeries } from './viewportSeries.ts';

const BUILT_IN: Readonly<Record<string, LayoutName>> = { MG: '2x2' };

export const useHanging = create<{ protocols: HangingProtocol[]; note: string | null }>(() => ({ protocols: [], note: null }));

export function layoutFor(modality: string, protocols: readonly HangingProtocol[]): LayoutName | null {
  return protocols.find((p) => p.modality === modality)?.layout ?? BUILT_IN[modality] ?? null;
}

/** Saves the layout on screen for the open series' modality. */
export async function saveHangingProtocol(): Promise<void> {
  const modality = useApp.getState().open?.series.Modality;
  if (!modality) return;
  try {
    const saved = await precis().hangingProtocols.save({ modality, layout: useLayout.getState().layout });
    useHanging.setState((s) => ({ protocols: [...s.protocols.filter((p) => p.modality !== modality), saved], note: `${modality} studies now open in ${saved.layout}.` }));
  } catch (error) {
    reportError(error);
  }
}

/** Fills the grid's empty viewports with the study's other image series. */
async function fillViewports(): Promise<void> {
  const { open, seriesByStudy } = useApp.getState();
  if (!open) return;
  const shown = new Set([open.series.SeriesInstanceUID, ...Object.values(useViewportSeries.getState().byViewport).map((s) => s.series.SeriesInstanceUID)]);
  const candidates = (seriesByStudy[open.study.StudyInstanceUID] ?? [])
    .filter((s) => s.thumbnailSOPInstanceUID !== null && !shown.has(s.SeriesInstanceUID))
    .sort((a, b) => b.instanceCount - a.instanceCount || (a.SeriesNumber ?? Infinity) - (b.SeriesNumber ?? Infinity));
  const empty = useLayout.getState().viewportIds.filter((id) => id.startsWith('precis-stack-') && !useViewportSeries.getState().byViewport[id]);
  const active = useLayout.getState().activeViewportId;
  await Promise.all(empty.map((id, k) => (candidates[k] ? showSeriesIn(id, open.study, candidates[k]) : Promise.resolve())));
  useLayout.setState({ activeViewportId: active || MAIN_VIEWPORT_ID });
}

/** Loads the saved protocols, and hangs each newly opened study by its modality. */
export function startHanging(): void {
  void precis().hangingProtocols.list({}).then((protocols) => useHanging.setState({ protocols })).catch(reportError);
  useApp.subscribe((state, previous) => {
    const open = state.open;
    if (!open || open.study.StudyInstanceUID === previous.open?.study.StudyInstanceUID) return;
    if (useHanging.getState().note) useHanging.setState({ note: null });
    const layout = layoutFor(open.series.Modality, useHanging.getState().protocols);
    if (!layout) return;
    if (layout !== useLayout.getState().layout) setLayout(layout);
    void fillViewports();
  });
}
