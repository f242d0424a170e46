import { useLayoutEffect, useRef } from 'react';
import type { OpenSeries } from '../state/store.ts';
import { edgeLetters } from './orientation.ts';
import { useShallow } from 'zustand/react/shallow';
import { useLayout } from './layoutStore.ts';
import type { ViewerStore } from './viewerStore.ts';
import { formatDate, formatName } from './format.ts';

function sliceLocationOf(instance: OpenSeries['instances'][number] | undefined): string {
  const location = instance?.SliceLocation ?? instance?.ImagePositionPatient?.[2];
  return location === undefined || location === null ? '' : `Loc: ${location.toFixed(1)} mm`;
}

/**
 * The image number and slice location change with every image: a store listener writes them, inside
 * the controller's Cornerstone event handler (setState), so scrolling renders no React component. React
 * renders these two elements empty and so never overwrites the text.
 */
function useImageLines(open: OpenSeries, store: ViewerStore, shown: boolean, reformatted: boolean) {
  const image = useRef<HTMLDivElement>(null);
  const location = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const imageEl = image.current;
    const locationEl = location.current;
    if (!shown || !imageEl || !locationEl) return undefined;
    const displayable = open.instances.filter((i) => i.displayable);
    let last = '';
    const write = ({ index, total }: { index: number; total: number }): void => {
      const key = `${index}/${total}`;
      if (key === last) return;
      last = key;
      imageEl.textContent = `Image: ${total === 0 ? 0 : index + 1}/${total}`;
      // A reformatted plane's slice n is no file's image n.
      locationEl.textContent = reformatted ? '' : sliceLocationOf(displayable[index]);
    };
    write(store.getState());
    return store.subscribe(write);
  }, [open, store, shown, reformatted]);
  return { image, location };
}

/**
 * The four corner overlays and the orientation letters on the edges. `planeOrientation`: on an MPR
 * plane, its screen axes as an Image Orientation (Patient) (row, then column direction), in place of
 * the files' own.
 */
export function Overlays({ open, store, planeOrientation }: { open: OpenSeries; store: ViewerStore; planeOrientation?: readonly number[] }) {
  const showOverlays = useLayout((s) => s.showOverlays);
  // Only what the overlays show, less the image lines (useImageLines): a new image or render state alone
  // does not redraw them.
  const v = store(useShallow((s) => ({
    windowWidth: s.windowWidth,
    windowCenter: s.windowCenter, zoom: s.zoom, invert: s.invert,
  })));
  const lines = useImageLines(open, store, showOverlays, planeOrientation !== undefined);
  if (!showOverlays) return null;
  const { patient, study, series } = open;
  const first = open.instances.find((i) => i.displayable) ?? open.instances[0];
  const letters = edgeLetters(planeOrientation ? [...planeOrientation] : (first?.ImageOrientationPatient ?? null));
  const wl = v.windowWidth === null || v.windowCenter === null ? 'W/L: —' : `W: ${Math.round(v.windowWidth)} L: ${Math.round(v.windowCenter)}`;
  return (
    <>
      <div className="overlay top-left" data-testid="overlay-top-left">
        <div>{formatName(patient.PatientName)}</div>
        <div>ID: {patient.PatientID || '—'}</div>
        <div>{formatDate(study.StudyDate)} {study.StudyDescription}</div>
      </div>
      <div className="overlay top-right" data-testid="overlay-top-right">
        <div>{series.SeriesDescription || '(no description)'}</div>
        <div>{series.Modality} · Series {series.SeriesNumber ?? '—'}</div>
      </div>
      <div className="overlay bottom-left" data-testid="overlay-bottom-left">
        <div ref={lines.image} />
        <div ref={lines.location} />
      </div>
      <div className="overlay bottom-right" data-testid="overlay-bottom-right">
        <div>{wl}</div>
        <div>Zoom: {v.zoom.toFixed(2)}x{v.invert ? ' · Inverted' : ''}</div>
      </div>
      {letters && (
        <>
          <div className="orientation left">{letters.left}</div>
          <div className="orientation right">{letters.right}</div>
          <div className="orientation top">{letters.top}</div>
          <div className="orientation bottom">{letters.bottom}</div>
        </>
      )}
    </>
  );
}
