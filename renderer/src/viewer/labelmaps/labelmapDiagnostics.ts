// Opt-in (?diagnostics=1, diagnostics.ts) hooks for the labelmap checks: the colour the viewport's canvas
// shows at a pixel (column, row; 0-based) of the image it shows now, or at a patient point (mm, LPS) on
// any viewport (MPR planes), and the layer's state.
import { getRenderingEngine, utilities, type Types } from '@cornerstonejs/core';
import { RENDERING_ENGINE_ID } from '../cornerstone.ts';
import { MprController } from '../mpr/mprController.ts';
import { StackController } from '../stackController.ts';
import { viewportController } from '../viewportRegistry.ts';

function canvasColourAt(viewportId: string, column: number, row: number): [number, number, number, number] | null {
  const viewport = getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(viewportId) as Types.IStackViewport | undefined;
  const imageId = viewport?.getCurrentImageId();
  if (!viewport || !imageId) return null;
  // The pixel's centre in patient space, then where the viewport draws it (CSS pixels of its canvas).
  const world = utilities.imageToWorldCoords(imageId, [column + 0.5, row + 0.5]);
  if (!world) return null;
  return colourOnCanvas(viewport, world);
}

function colourOnCanvas(viewport: Types.IViewport, world: Types.Point3): [number, number, number, number] | null {
  const [x, y] = viewport.worldToCanvas(world);
  const canvas = viewport.canvas;
  const scale = canvas.width / canvas.clientWidth;
  const data = canvas.getContext('2d')?.getImageData(Math.floor(x * scale), Math.floor(y * scale), 1, 1).data;
  return data ? [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0, data[3] ?? 0] : null;
}

function canvasColourAtWorld(viewportId: string, world: [number, number, number]): [number, number, number, number] | null {
  const viewport = getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(viewportId);
  return viewport ? colourOnCanvas(viewport, world) : null;
}

function labelmapState(viewportId: string): unknown {
  const controller = viewportController(viewportId);
  return controller instanceof StackController || controller instanceof MprController ? controller.labelmaps.store.getState() : null;
}

export const labelmapDiagnostics = { canvasColourAt, canvasColourAtWorld, labelmapState };
