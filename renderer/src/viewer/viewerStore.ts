// The state of the one stack viewport, outside React so Cornerstone's events can update it directly.
import { create } from 'zustand';

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
  showOverlays: boolean;
  showShortcuts: boolean;
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
  showOverlays: true,
  showShortcuts: false,
  activePreset: null,
};

export const useViewer = create<ViewerState>(() => ({ ...initialViewerState }));
