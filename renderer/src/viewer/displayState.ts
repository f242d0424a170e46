// What every controller (stack, volume, MPR plane) mirrors from its Cornerstone viewport into its
// store after a render or a VOI change: the window, invert and zoom. Called on every rendered image,
// so the store (and the overlays) change only when a value did.
import { windowOf } from './presets.ts';
import type { ViewerStore } from './viewerStore.ts';

interface DisplayedViewport {
  getProperties(): { voiRange?: { lower: number; upper: number }; invert?: boolean } | null | undefined;
  getZoom(): number;
}

export function mirrorDisplayState(vp: DisplayedViewport, store: ViewerStore): void {
  const props = vp.getProperties() ?? {};
  const w = props.voiRange ? windowOf(props.voiRange) : null;
  const next = { windowCenter: w?.center ?? null, windowWidth: w?.width ?? null, invert: Boolean(props.invert), zoom: vp.getZoom() };
  const current = store.getState();
  if ((Object.keys(next) as Array<keyof typeof next>).some((key) => current[key] !== next[key])) store.setState(next);
}
