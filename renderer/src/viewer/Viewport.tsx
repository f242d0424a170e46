import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { pixelBaseUrl } from '../api/client.ts';
import { useApp } from '../state/store.ts';
import { Overlays } from './Overlays.tsx';
import { SHORTCUTS, handleViewerKey } from './shortcuts.ts';
import { stack } from './stackController.ts';
import { ViewerToolbar } from './ViewerToolbar.tsx';
import { useViewer } from './viewerStore.ts';

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

/** The stack viewport: Cornerstone renders into the inner element; overlays and messages sit on top. */
export function Viewport() {
  const open = useApp((s) => s.open);
  const element = useRef<HTMLDivElement>(null);
  const v = useViewer(useShallow((s) => ({ renderState: s.renderState, index: s.index, total: s.total, message: s.message, showShortcuts: s.showShortcuts })));
  const showLoading = useDelayed(v.renderState === 'loading', LOADING_NOTE_DELAY_MS);

  // The Cornerstone3D viewport exists from the start, before any series is open: enabling it (with
  // the first resize of its WebGL canvas, 100-200 ms in SwiftShader) is then not on the way from a
  // click on a series to its first image.
  useEffect(() => {
    if (element.current) void stack.attach(element.current);
  }, []);

  useEffect(() => {
    if (!open || !element.current) return;
    let cancelled = false;
    void stack.attach(element.current).then(() => {
      if (!cancelled) void stack.load(open.instances, pixelBaseUrl());
    });
    return () => {
      cancelled = true;
    };
  }, [open]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (useApp.getState().open && handleViewerKey(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const hidden = open ? open.instances.length - open.instances.filter((i) => i.displayable).length : 0;
  return (
    <section className="viewer">
      <ViewerToolbar enabled={open !== null} />
      <div className="viewport-frame">
        <div
          className="viewport"
          data-testid="viewport"
          data-render-state={v.renderState}
          onContextMenu={(e) => e.preventDefault()}
        >
          <div ref={element} className="cornerstone-element" />
          {open ? (
            <Overlays open={open} />
          ) : (
            <div className="empty-state" style={CENTRED} data-testid="viewport-empty">Select a series in the study browser to view it.</div>
          )}
          {showLoading && <div className="viewport-loading" data-testid="viewport-loading">Loading image {v.index + 1}/{v.total}…</div>}
          {(v.renderState === 'error' || v.renderState === 'unsupported') && (
            <div className="viewport-message" data-testid="viewport-message" role="alert">{v.message}</div>
          )}
          {v.showShortcuts && (
            <div className="shortcut-sheet" role="dialog" aria-label="Keyboard shortcuts">
              <h3>Keyboard shortcuts</h3>
              <table>
                <tbody>
                  {SHORTCUTS.map((s) => (
                    <tr key={s.keys}><td className="keys">{s.keys}</td><td>{s.action}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
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
          onChange={(e) => stack.setIndex(Number(e.target.value))}
        />
      </div>
      {open && hidden > 0 && v.renderState !== 'unsupported' && (
        <div className="viewer-note" data-testid="viewer-note">
          {hidden} of {open.instances.length} instances in this series cannot be shown: {open.instances.find((i) => !i.displayable)?.reason}
        </div>
      )}
    </section>
  );
}
