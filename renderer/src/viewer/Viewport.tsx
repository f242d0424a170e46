import { useEffect, useRef } from 'react';
import { pixelBaseUrl } from '../api/client.ts';
import { useApp } from '../state/store.ts';
import { Overlays } from './Overlays.tsx';
import { SHORTCUTS, handleViewerKey } from './shortcuts.ts';
import { stack } from './stackController.ts';
import { ViewerToolbar } from './ViewerToolbar.tsx';
import { useViewer } from './viewerStore.ts';

/** The stack viewport: Cornerstone renders into the inner element; overlays and messages sit on top. */
export function Viewport() {
  const open = useApp((s) => s.open);
  const element = useRef<HTMLDivElement>(null);
  const v = useViewer();

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

  if (!open) {
    return (
      <section className="viewer empty-state" data-testid="viewport-empty">
        <p>Select a series in the study browser to view it.</p>
      </section>
    );
  }

  const hidden = open.instances.length - open.instances.filter((i) => i.displayable).length;
  return (
    <section className="viewer">
      <ViewerToolbar />
      <div className="viewport-frame">
        <div
          className="viewport"
          data-testid="viewport"
          data-render-state={v.renderState}
          onContextMenu={(e) => e.preventDefault()}
        >
          <div ref={element} className="cornerstone-element" />
          <Overlays open={open} />
          {v.renderState === 'loading' && <div className="viewport-loading" data-testid="viewport-loading">Loading image {v.index + 1}/{v.total}…</div>}
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
        {v.total > 1 && (
          <input
            className="slice-slider"
            data-testid="slice-slider"
            type="range"
            min={0}
            max={v.total - 1}
            value={v.index}
            aria-label="Image"
            title="Image (↑/↓, wheel)"
            onChange={(e) => stack.setIndex(Number(e.target.value))}
          />
        )}
      </div>
      {hidden > 0 && v.renderState !== 'unsupported' && (
        <div className="viewer-note" data-testid="viewer-note">
          {hidden} of {open.instances.length} instances in this series cannot be shown: {open.instances.find((i) => !i.displayable)?.reason}
        </div>
      )}
    </section>
  );
}
