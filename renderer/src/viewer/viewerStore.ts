// The state of one viewport, outside React so Cornerstone's events can update it directly. Each
// viewport has its own store (viewportRegistry.ts); what is shared by all of them is in layoutStore.ts.
import { create, type StoreApi, type UseBoundStore } from 'zustand';

export type RenderState = 'idle' | 'loading' | 'rendered' | 'error' | 'unsupported';

export interface ViewerState {
  index: number;
  total: number;
  renderState: RenderState;
  message: string | null;
  windowCenter: number | null;
  windowWidth: number | null;
  zoom: number;
  invert: boolean;
  cine: boolean;
  activePreset: string | null;
}

export const initialViewerState: ViewerState = {
  index: 0,
  total: 0,
  renderState: 'idle',
  message: null,
  windowCenter: null,
  windowWidth: null,
  zoom: 1,
  invert: false,
  cine: false,
  activePreset: null,
};

export type ViewerStore = UseBoundStore<StoreApi<ViewerState>>;

export function createViewerStore(): ViewerStore {
  return create<ViewerState>(() => ({ ...initialViewerState }));
}
