// Keyboard shortcuts of the viewer (UI.md): every action is also a button with this in its tooltip.
import { stepSeries } from '../commands.ts';
import { CT_PRESETS } from './presets.ts';
import { stack } from './stackController.ts';
import { useViewer } from './viewerStore.ts';

export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: '↑ / ↓ or ← / →, wheel', action: 'previous / next image' },
  { keys: 'Home / End', action: 'first / last image' },
  { keys: 'Page Up / Page Down', action: 'previous / next series' },
  { keys: '1-5', action: 'W/L presets: brain, lung, bone, abdomen, mediastinum' },
  { keys: 'R', action: 'reset view' },
  { keys: 'I', action: 'invert' },
  { keys: 'Space', action: 'cine on/off' },
  { keys: 'O', action: 'overlays on/off' },
  { keys: '?', action: 'this sheet' },
  { keys: 'Left / middle / right drag', action: 'window/level / pan / zoom' },
];

export function handleViewerKey(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') && (target as HTMLInputElement).type !== 'range') return false;
  const presetIndex = Number(event.key) - 1;
  if (presetIndex >= 0 && presetIndex < CT_PRESETS.length) {
    stack.applyPreset(CT_PRESETS[presetIndex] as (typeof CT_PRESETS)[number]);
    return true;
  }
  switch (event.key) {
    case 'ArrowDown':
    case 'ArrowRight':
      stack.step(1);
      return true;
    case 'ArrowUp':
    case 'ArrowLeft':
      stack.step(-1);
      return true;
    case 'Home':
      stack.setIndex(0);
      return true;
    case 'End':
      stack.setIndex(Number.MAX_SAFE_INTEGER);
      return true;
    case 'PageDown':
      stepSeries(1);
      return true;
    case 'PageUp':
      stepSeries(-1);
      return true;
    case 'r':
    case 'R':
      stack.reset();
      return true;
    case 'i':
    case 'I':
      stack.toggleInvert();
      return true;
    case ' ':
      stack.toggleCine();
      return true;
    case 'o':
    case 'O':
      useViewer.setState({ showOverlays: !useViewer.getState().showOverlays });
      return true;
    case '?':
      useViewer.setState({ showShortcuts: !useViewer.getState().showShortcuts });
      return true;
    default:
      return false;
  }
}
