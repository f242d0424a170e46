// Every viewport the layout names, by viewport id: its controller and its state. The 1x1 layout has
// one stack viewport; 2x2 and MPR add ids (and volume controllers) here and in layoutStore.ts.
import { MAIN_VIEWPORT_ID, useLayout } from './layoutStore.ts';
import { StackController } from './stackController.ts';
import type { ViewportController } from './ViewportController.ts';
import { MprController } from './mpr/mprController.ts';
import { mprOrientationOf } from './mpr/mprLayout.ts';

const controllers = new Map<string, ViewportController>();

/** The controller of `viewportId`, made (a stack viewport, or an MPR plane) on first use. */
export function viewportController(viewportId: string): ViewportController {
  let controller = controllers.get(viewportId);
  if (!controller) {
    const orientation = mprOrientationOf(viewportId);
    controller = orientation ? new MprController(viewportId, orientation) : new StackController(viewportId);
    controllers.set(viewportId, controller);
  }
  return controller;
}

/** Puts another kind of controller (a volume one) under its viewport id, disposing the one it replaces. */
export function registerViewport(controller: ViewportController): void {
  const previous = controllers.get(controller.viewportId);
  if (previous && previous !== controller) previous.dispose();
  controllers.set(controller.viewportId, controller);
}

/** Disposes and forgets a viewport the layout no longer shows. */
export function removeViewport(viewportId: string): void {
  controllers.get(viewportId)?.dispose();
  controllers.delete(viewportId);
}

/** Where the toolbar, the keys and the menu act. */
export function activeController(): ViewportController {
  return viewportController(useLayout.getState().activeViewportId || MAIN_VIEWPORT_ID);
}

/** Every controller there is (the MPR slab applies to all planes). */
export function allControllers(): ViewportController[] {
  return [...controllers.values()];
}

/** The viewport ids that have a controller, for diagnostics. */
export function registeredViewportIds(): string[] {
  return [...controllers.keys()];
}
