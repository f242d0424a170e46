// The viewport layouts a reader chooses: 1x1, 1x2 (side by side), 2x1 (one above the other), 2x2. The
// first viewport is the main one (the study browser's series); the others show series dropped on them.
import { useLayout, MAIN_VIEWPORT_ID, type LayoutName } from './layoutStore.ts';
import { forgetViewportSeries } from './viewportSeries.ts';
import { removeViewport } from './viewportRegistry.ts';

export const GRID_LAYOUTS: ReadonlyArray<{ name: LayoutName; rows: number; columns: number }> = [
  { name: '1x1', rows: 1, columns: 1 },
  { name: '1x2', rows: 1, columns: 2 },
  { name: '2x1', rows: 2, columns: 1 },
  { name: '2x2', rows: 2, columns: 2 },
];

const VIEWPORT_IDS = [MAIN_VIEWPORT_ID, 'precis-stack-2', 'precis-stack-3', 'precis-stack-4'];

export function setLayout(name: LayoutName): void {
  const grid = GRID_LAYOUTS.find((g) => g.name === name);
  if (!grid) return;
  const { viewportIds, activeViewportId } = useLayout.getState();
  const next = VIEWPORT_IDS.slice(0, grid.rows * grid.columns);
  const gone = viewportIds.filter((id) => !next.includes(id));
  useLayout.setState({ layout: name, viewportIds: next, activeViewportId: next.includes(activeViewportId) ? activeViewportId : MAIN_VIEWPORT_ID });
  for (const id of gone) removeViewport(id);
  forgetViewportSeries(gone);
}
