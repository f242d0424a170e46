// "KEY" on a viewport whose image is a key image of the case (with the other overlays; K takes it off).
import { useLayout } from '../viewer/layoutStore.ts';
import type { ViewportController } from '../viewer/ViewportController.ts';
import { useShownKeyState } from './keyImages.ts';

export function KeyImageMarker({ controller }: { controller: ViewportController }) {
  const key = useShownKeyState(controller) === 'key';
  const overlays = useLayout((s) => s.showOverlays);
  if (!key || !overlays) return null;
  return <div className="key-image-marker" data-testid="key-image-marker" title="A key image of this case (K unmarks it)">KEY</div>;
}
