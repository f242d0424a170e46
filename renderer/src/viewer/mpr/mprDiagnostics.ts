// Diagnostics of the MPR planes (URL ?diagnostics=1): each plane's camera and slab, the patient point
// under a canvas point, and where the crosshairs cross: what the MPR tests compare.
import { viewportController } from '../viewportRegistry.ts';
import { MprController } from './mprController.ts';
import { crosshairsCentre } from './mprTools.ts';

const plane = (viewportId: string): MprController | null => {
  const c = viewportController(viewportId);
  return c instanceof MprController ? c : null;
};

export const mprDiagnostics = {
  mprCamera: (viewportId: string) => plane(viewportId)?.camera() ?? null,
  mprWorldAt: (viewportId: string, x: number, y: number) => plane(viewportId)?.worldAt(x, y) ?? null,
  crosshairsCentre,
};
