// Re-renders a component whenever anything a command's enabled() or active() reads changes: the open
// series, the active viewport's toggles and preset, the shared layout flags, the active tool.
import { useShallow } from 'zustand/react/shallow';
import { useActiveTool } from '../reading/toolState.ts';
import { useShownKeyState } from '../reading/keyImages.ts';
import { useApp } from '../state/store.ts';
import { useLayout } from './layoutStore.ts';
import { viewportController } from './viewportRegistry.ts';
import { useSync } from './sync/syncState.ts';

export function useCommandState(): void {
  useApp((s) => s.open);
  useActiveTool((s) => s.name);
  const layout = useLayout(useShallow((s) => ({ active: s.activeViewportId, overlays: s.showOverlays, sheet: s.showShortcuts, layout: s.layout })));
  useSync(useShallow((s) => ({ scroll: s.scroll, window: s.window })));
  useShownKeyState(viewportController(layout.active));
  viewportController(layout.active).store(useShallow((s) => ({ activePreset: s.activePreset, invert: s.invert, cine: s.cine })));
}
