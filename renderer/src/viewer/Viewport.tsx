import { useEffect, useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import { useLayout } from './layoutStore.ts';
import { MprController, PLANE_SCREEN_AXES } from './mpr/mprController.ts';
import { followForSync } from './sync/viewportSync.ts';
import { Overlays } from './Overlays.tsx';
import { KeyImageMarker } from '../reading/KeyImageMarker.tsx';
import { LesionMolecularLabels } from '../reading/LesionMolecularLabels.tsx';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { StackController } from './stackController.ts';
import { LabelmapControls } from './labelmaps/LabelmapControls.tsx';
import type { ViewportController } from './ViewportController.ts';
import type { ViewerState } from './viewerStore.ts';
import { viewportController } from './viewportRegistry.ts';
import { useViewportKinds } from './volumeMode.ts';
import { draggedSeries, seriesOf, SERIES_DRAG_TYPE, showSeriesIn, useViewportSeries, type DraggedSeries } from './viewportSeries.ts';

const CENTRED = { position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' } as const;
/** A load shorter than this shows no "Loading" note (it would only flash over the image while scrolling). */
const LOADING_NOTE_DELAY_MS = 150;

interface PerImageElements {
  frame: HTMLDivElement;
  slider: HTMLInputElement;
  loading: HTMLDivElement;
}

/**
 * What changes with every image (render state, slider position, the delayed "Loading" note) is written
 * to the DOM by a store listener, which runs synchronously inside the controller's Cornerstone event
 * handler (setState): no React render per image while scrolling. React owns these elements but none of
 * the attributes written here (data-render-state, value, style.display, text), so it never resets them.
 */
function followPerImageState(controller: ViewportController, els: PerImageElements): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let loadingShown = false;
  const write = (s: ViewerState): void => {
    els.frame.setAttribute('data-render-state', s.renderState);
    if (els.slider.value !== String(s.index)) els.slider.value = String(s.index);
    if (s.renderState === 'loading') {
      els.loading.textContent = controller.kind === 'volume' && s.total > 0 ? `Loading volume (${s.total} slices)…` : `Loading image ${s.index + 1}/${s.total}…`;
      timer ??= setTimeout(() => {
        els.loading.style.display = '';
        loadingShown = true;
      }, LOADING_NOTE_DELAY_MS);
    } else {
      if (timer) clearTimeout(timer);
      timer = null;
      if (loadingShown) els.loading.style.display = 'none';
      loadingShown = false;
    }
  };
  els.loading.style.display = 'none';
  write(controller.store.getState());
  const unsubscribe = controller.store.subscribe(write);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

/** One viewport of the layout: Cornerstone renders into the inner element; overlays and messages sit on top. */
export function Viewport({ viewportId }: { viewportId: string }) {
  const appOpen = useApp((s) => s.open);
  const own = useViewportSeries((s) => s.byViewport);
  const open = seriesOf(viewportId, { open: appOpen }, own);
  const active = useLayout((s) => s.activeViewportId === viewportId && s.viewportIds.length > 1);
  // Re-render with the new controller when the viewport switches between Stack and Volume.
  useViewportKinds((s) => s.kinds[viewportId]);
  const controller = viewportController(viewportId);
  const element = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const slider = useRef<HTMLInputElement>(null);
  const loading = useRef<HTMLDivElement>(null);
  // Only what changes once per series or on an error: never the image index or loading/rendered.
  const v = controller.store(useShallow((s) => ({
    problem: s.renderState === 'error' || s.renderState === 'unsupported', total: s.total, message: s.message,
  })));
  const showShortcuts = useLayout((s) => s.showShortcuts);

  useLayoutEffect(() => {
    if (!frame.current || !slider.current || !loading.current) return undefined;
    return followPerImageState(controller, { frame: frame.current, slider: slider.current, loading: loading.current });
  }, [controller]);

  useEffect(() => followForSync(viewportId, controller), [viewportId, controller]);

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
    <div className={`viewport-frame${active ? ' active' : ''}`}>
      <div
        ref={frame}
        className="viewport"
        data-testid="viewport"
        data-viewport-id={viewportId}
        data-viewport-kind={controller.kind}
        data-mpr-orientation={controller instanceof MprController ? controller.orientation : undefined}
        onContextMenu={(e) => e.preventDefault()}
        onPointerDown={() => useLayout.setState({ activeViewportId: viewportId })}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes(SERIES_DRAG_TYPE)) e.preventDefault();
        }}
        onDrop={(e) => {
          e.preventDefault();
          const text = e.dataTransfer.getData(SERIES_DRAG_TYPE);
          const dropped = text ? draggedSeries(JSON.parse(text) as DraggedSeries) : null;
          if (dropped) void showSeriesIn(viewportId, dropped.study, dropped.series);
        }}
      >
        <div ref={element} className="cornerstone-element" />
        {open ? (
          <Overlays open={open} store={controller.store} planeOrientation={controller instanceof MprController ? PLANE_SCREEN_AXES[controller.orientation] : undefined} />
        ) : (
          <div className="empty-state" style={CENTRED} data-testid="viewport-empty">Select a series in the study browser to view it.</div>
        )}
        {controller instanceof MprController && <div className="mpr-label" data-testid="mpr-label">{controller.orientation}</div>}
        {open && <KeyImageMarker controller={controller} />}
        {open && controller instanceof StackController && <LesionMolecularLabels element={element} caseId={open.patient.caseId} />}
        {open && (controller instanceof StackController || controller instanceof MprController) && <LabelmapControls layer={controller.labelmaps} />}
        <div ref={loading} className="viewport-loading" data-testid="viewport-loading" />
        {v.problem && (
          <div className="viewport-message" data-testid="viewport-message" role="alert">{v.message}</div>
        )}
        {showShortcuts && <ShortcutSheet />}
      </div>
      {/* Always there (disabled for one image or none), so that the viewport keeps its size from
          one series to the next and its canvas is never resized on open. Uncontrolled: its position
          is written with each image (followPerImageState). */}
      <input
        ref={slider}
        className="slice-slider"
        data-testid="slice-slider"
        type="range"
        min={0}
        max={Math.max(0, v.total - 1)}
        defaultValue={0}
        disabled={v.total <= 1}
        aria-label="Image"
        title="Image (↑/↓, wheel)"
        onChange={(e) => controller.setIndex(Number(e.target.value))}
      />
    </div>
  );
}
