// The MPR layout: a 2x2 grid of the open series' axial, sagittal and coronal planes and its stack (the
// main viewport, bottom right). The slab (thickness and MIP/MinIP/average) is one setting for the three
// planes.
import { MprController, type MprOrientation } from './mprController.ts';
import { useSlab, type SlabState } from './slab.ts';

export const MPR_VIEWPORTS: ReadonlyArray<{ id: string; orientation: MprOrientation }> = [
  { id: 'precis-mpr-axial', orientation: 'axial' },
  { id: 'precis-mpr-sagittal', orientation: 'sagittal' },
  { id: 'precis-mpr-coronal', orientation: 'coronal' },
];

export function mprOrientationOf(viewportId: string): MprOrientation | null {
  return MPR_VIEWPORTS.find((v) => v.id === viewportId)?.orientation ?? null;
}

/** Applies the slab to every MPR plane on screen (and to each plane as it loads: see Viewport). */
export function setSlab(next: Partial<SlabState>, controllers: Iterable<unknown>): void {
  useSlab.setState(next);
  const { thickness, mode } = useSlab.getState();
  for (const c of controllers) if (c instanceof MprController) c.setSlab(thickness, mode);
}
