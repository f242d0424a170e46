// Switching a viewport between Stack and Volume: a new controller of the other kind takes the
// viewport's id (the registry disposes the old one: its Cornerstone viewport, and a volume's memory),
// and this store tells React which kind each viewport shows now, so the viewport re-attaches and loads
// the open series into the new controller.
import { create } from 'zustand';
import { StackController } from './stackController.ts';
import { activeController, registerViewport } from './viewportRegistry.ts';
import { VolumeController } from './volumeController.ts';

export interface ViewportKinds {
  /** The kind each viewport shows, by viewport id; a viewport not named here is a stack. */
  kinds: Record<string, 'stack' | 'volume'>;
}

export const useViewportKinds = create<ViewportKinds>(() => ({ kinds: {} }));

/** Switches the active viewport to the other kind, at the image it shows now. */
export function toggleVolume(): void {
  const current = activeController();
  const index = current.store.getState().index;
  const next = current.kind === 'stack' ? new VolumeController(current.viewportId, index) : new StackController(current.viewportId);
  registerViewport(next);
  useViewportKinds.setState((s) => ({ kinds: { ...s.kinds, [next.viewportId]: next.kind } }));
}
