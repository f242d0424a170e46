// What the toolbar, the keys and the menu ask of a viewport, whatever it shows: a stack of images
// (stackController.ts) or a volume (volumeController.ts).
import type { InstanceSummary } from '../../../preload/api.ts';
import type { WindowPreset } from './presets.ts';
import type { ViewerStore } from './viewerStore.ts';

export interface ViewportController {
  readonly viewportId: string;
  readonly kind: 'stack' | 'volume';
  /** Its state (index, window, render state): what React shows for this viewport. */
  readonly store: ViewerStore;
  /** Enables the Cornerstone viewport on `element` (once per element). */
  attach(element: HTMLDivElement): Promise<void>;
  /** Shows a series' displayable instances from the first image. */
  load(instances: InstanceSummary[]): Promise<void>;
  setIndex(index: number): void;
  step(delta: number): void;
  applyPreset(preset: WindowPreset): void;
  reset(): void;
  toggleInvert(): void;
  /** Multiplies the zoom by `factor` (1.25 = 25 % larger). */
  zoomBy(factor: number): void;
  toggleCine(): void;
  /** The precis: image ids it shows, in order. */
  imageIds(): readonly string[];
  /** Stops cine and prefetching, lets go of the element and the Cornerstone viewport; attach() again to reuse. */
  dispose(): void;
}
