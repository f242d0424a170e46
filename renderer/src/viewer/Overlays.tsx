import type { OpenSeries } from '../state/store.ts';
import { edgeLetters } from './orientation.ts';
import { useShallow } from 'zustand/react/shallow';
import { useLayout } from './layoutStore.ts';
import type { ViewerStore } from './viewerStore.ts';
import { formatDate, formatName } from './format.ts';

function sliceLocationOf(open: OpenSeries, index: number): string {
  const instance = open.instances.filter((i) => i.displayable)[index];
  const location = instance?.SliceLocation ?? instance?.ImagePositionPatient?.[2];
  return location === undefined || location === null ? '' : `Loc: ${location.toFixed(1)} mm`;
}

/** The four corner overlays and the orientation letters on the edges. */
export function Overlays({ open, store }: { open: OpenSeries; store: ViewerStore }) {
  const showOverlays = useLayout((s) => s.showOverlays);
  // Only what the overlays show: a new render state alone (loading -> rendered) does not redraw them.
  const v = store(useShallow((s) => ({
    index: s.index, total: s.total, windowWidth: s.windowWidth,
    windowCenter: s.windowCenter, zoom: s.zoom, invert: s.invert,
  })));
  if (!showOverlays) return null;
  const { patient, study, series } = open;
  const first = open.instances.find((i) => i.displayable) ?? open.instances[0];
  const letters = edgeLetters(first?.ImageOrientationPatient ?? null);
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
        <div>Image: {v.total === 0 ? 0 : v.index + 1}/{v.total}</div>
        <div>{sliceLocationOf(open, v.index)}</div>
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
