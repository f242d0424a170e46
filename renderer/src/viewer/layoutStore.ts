// The viewer's layout and what all its viewports share: 1x1, 1x2, 2x1 or 2x2 (layouts.ts), each
// viewport with its own controller and state in viewportRegistry.ts.
import { create } from 'zustand';
import type { LayoutName } from '../../../preload/api.ts';

export type { LayoutName };

/** The one stack viewport of the 1x1 layout (the id Cornerstone knows it by). */
export const MAIN_VIEWPORT_ID = 'precis-stack';

export interface LayoutState {
  layout: LayoutName;
  /** The viewports on screen, in reading order (left to right, top to bottom). */
  viewportIds: string[];
  /** Where the toolbar, the keys and the menu act. */
  activeViewportId: string;
  showOverlays: boolean;
  showShortcuts: boolean;
  showMenu: boolean;
}

export const useLayout = create<LayoutState>(() => ({
  layout: '1x1',
  viewportIds: [MAIN_VIEWPORT_ID],
  activeViewportId: MAIN_VIEWPORT_ID,
  showOverlays: true,
  showShortcuts: false,
  showMenu: false,
}));
