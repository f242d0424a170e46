import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import { useLayout } from './layoutStore.ts';
import { Overlays } from './Overlays.tsx';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { viewportController } from './viewportRegistry.ts';
import { useViewportKinds } from './volumeMode.ts';

const CENTRED = { position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' } as const;
/** A load shorter than this shows no "Loading" note (it would only flash over the image while scrolling). */
const LOADING_NOTE_DELAY_MS = 150;

/** True once `on` has stayed true for `ms`. */
function useDelayed(on: boolean, ms: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    if (!on) return;
    const timer = setTimeout(() => setShown(true), ms);
    return () => clearTimeout(timer);
  }, [on, ms]);
  return on && shown;
}

/** One viewport of the layout: Cornerstone renders into the inner element; overlays and messages sit on top. */
export function Viewport({ viewportId }: { viewportId: string }) {
  const open = useApp((s) => s.open);
  // Re-render with the new controller when the viewport switches between Stack and Volume.
  useViewportKinds((s) => s.kinds[viewportId]);
  const controller = viewportController(viewportId);
  const element = useRef<HTMLDivElement>(null);
  const v = controller.store(useShallow((s) => ({ renderState: s.renderState, index: s.index, total: s.total, message: s.message })));
  const showShortcuts = useLayout((s) => s.showShortcuts);
  const showLoading = useDelayed(v.renderState === 'loading', LOADING_NOTE_DELAY_MS);

  // The Cornerstone3D viewport exists from the start, before any series is open: enabling it (with
  // the first resize of its WebGL canvas, 100-200 ms in SwiftShader) is then not on the way from a
  // click on a series to its first image.
  useEffect(() => {
    if (element.current) void controller.attach(element.current);
  }, [controller]);

  useEffect(() => {
    if (!open || !element.current) return;
    let cancelled = false;
    void controller.attach(element.current).then(() => {
      if (!cancelled) void controller.load(open.instances);
    });
    return () => {
      cancelled = true;
    };
  }, [open, controller]);

  return (
    <div className="viewport-frame">
      <div
        className="viewport"
        data-testid="viewport"
        data-viewport-id={viewportId}
        data-render-state={v.renderState}
        data-viewport-kind={controller.kind}
        onContextMenu={(e) => e.preventDefault()}
        onPointerDown={() => useLayout.setState({ activeViewportId: viewportId })}
      >
        <div ref={element} className="cornerstone-element" />
        {open ? (
          <Overlays open={open} store={controller.store} />
        ) : (
          <div className="empty-state" style={CENTRED} data-testid="viewport-empty">Select a series in the study browser to view it.</div>
        )}
        {showLoading && <div className="viewport-loading" data-testid="viewport-loading">{controller.kind === 'volume' && v.total > 0 ? `Loading volume (${v.total} slices)…` : `Loading image ${v.index + 1}/${v.total}…`}</div>}
        {(v.renderState === 'error' || v.renderState === 'unsupported') && (
          <div className="viewport-message" data-testid="viewport-message" role="alert">{v.message}</div>
        )}
        {showShortcuts && <ShortcutSheet />}
      </div>
      {/* Always there (disabled for one image or none), so that the viewport keeps its size from
          one series to the next and its canvas is never resized on open. */}
      <input
        className="slice-slider"
        data-testid="slice-slider"
        type="range"
        min={0}
        max={Math.max(0, v.total - 1)}
        value={v.index}
        disabled={v.total <= 1}
        aria-label="Image"
        title="Image (↑/↓, wheel)"
        onChange={(e) => controller.setIndex(Number(e.target.value))}
      />
    </div>
  );
}
