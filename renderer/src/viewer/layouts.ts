// The viewport layouts a reader chooses: 1x1, 1x2 (side by side), 2x1 (one above the other), 2x2, and
// MPR (the open series' three planes and its stack, 2x2). In the grids the first viewport is the main
// one (the study browser's series); the others show series dropped on them.
import { useLayout, MAIN_VIEWPORT_ID, type LayoutName } from './layoutStore.ts';
import { forgetViewportSeries } from './viewportSeries.ts';
import { removeViewport } from './viewportRegistry.ts';
import { MPR_VIEWPORTS } from './mpr/mprLayout.ts';

export const GRID_LAYOUTS: ReadonlyArray<{ name: LayoutName; rows: number; columns: number }> = [
  { name: '1x1', rows: 1, columns: 1 },
  { name: '1x2', rows: 1, columns: 2 },
  { name: '2x1', rows: 2, columns: 1 },
  { name: '2x2', rows: 2, columns: 2 },
];

const VIEWPORT_IDS = [MAIN_VIEWPORT_ID, 'precis-stack-2', 'precis-stack-3', 'precis-stack-4'];

/** The viewports of a layout, in reading order. */
function viewportIdsOf(name: LayoutName): string[] | null {
  if (name === 'mpr') return [...MPR_VIEWPORTS.map((v) => v.id), MAIN_VIEWPORT_ID];
  const grid = GRID_LAYOUTS.find((g) => g.name === name);
  return grid ? VIEWPORT_IDS.slice(0, grid.rows * grid.columns) : null;
}

export function setLayout(name: LayoutName): void {
  const next = viewportIdsOf(name);
  if (!next) return;
  const { viewportIds, activeViewportId } = useLayout.getState();
  const gone = viewportIds.filter((id) => !next.includes(id));
  useLayout.setState({ layout: name, viewportIds: next, activeViewportId: next.includes(activeViewportId) ? activeViewportId : MAIN_VIEWPORT_ID });
  for (const id of gone) removeViewport(id);
  forgetViewportSeries(gone);
}
