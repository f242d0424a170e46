// The patient list: the count of matches, then a windowed list that loads the next page as its end
// scrolls into view, so every patient of a large library can be reached by scrolling.
import { useEffect, useRef } from 'react';
import type { PatientSummary } from '../../../preload/api.ts';
import { loadDemoCase, loadMorePatients, selectPatient } from '../commands.ts';
import { useApp } from '../state/store.ts';
import { formatDate, formatName } from '../viewer/format.ts';
import { useScrollWindow, visibleRows } from './virtualRows.ts';

/** Height of one patient row in px; matches `.patient-rows .row` in styles.css. */
const ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the visible part, so a fast scroll shows no gap. */
const OVERSCAN = 8;
/** Fetch the next page when the visible part comes this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 40;

function countLabel(total: number, query: string): string {
  const n = total.toLocaleString('en-US');
  const noun = total === 1 ? 'patient' : 'patients';
  return query ? `${n} ${noun} match` : `${n} ${noun}`;
}

function EmptyLibrary({ query }: { query: string }) {
  return (
    <div className="empty-state" data-testid="library-empty">
      {query ? (
        <p>No patient matches “{query}”.</p>
      ) : (
        <>
          <p>The library is empty. Import a folder or files, or load the demo case.</p>
          <button data-testid="load-demo" onClick={() => void loadDemoCase()}>Load demo case</button>
        </>
      )}
    </div>
  );
}

function PatientRow({ patient, index, total, selected }: { patient: PatientSummary; index: number; total: number; selected: boolean }) {
  return (
    <li style={{ position: 'absolute', top: index * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }} aria-setsize={total} aria-posinset={index + 1}>
      <button data-testid="patient-row" className={`row ${selected ? 'selected' : ''}`} onClick={() => void selectPatient(patient)}>
        <span className="primary">{formatName(patient.PatientName)}</span>
        <span className="secondary num">{patient.PatientID || 'no ID'} · {formatDate(patient.PatientBirthDate)} · {patient.studyCount} st · {patient.instanceCount} im</span>
      </button>
    </li>
  );
}

/** A row whose page is still on its way (the list is as tall as all matches, loaded or not). */
function PendingRow({ index }: { index: number }) {
  return (
    <li className="pending-row" style={{ position: 'absolute', top: index * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}>
      Loading…
    </li>
  );
}

export function PatientList() {
  const { patients, patientsLoaded, patientsTotal, patientsNext, selectedPatient, query } = useApp();
  const scroller = useRef<HTMLDivElement>(null);
  const view = useScrollWindow(scroller);
  // The list is as tall as every match, so its scroll bar shows the whole library and dragging it to
  // the end asks for the pages up to there (keyset pages come in order: one after another).
  const rowCount = Math.max(patients.length, patientsNext === null ? 0 : patientsTotal);
  const { start, end } = visibleRows(view.scrollTop, view.height, ROW_HEIGHT, rowCount, OVERSCAN);

  // A new search starts the list over: back to its top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query]);

  // Runs again after each page lands, so a jump to the end keeps loading until the rows in view are there.
  useEffect(() => {
    if (patientsNext !== null && end + PREFETCH_ROWS >= patients.length) void loadMorePatients();
  }, [end, patients.length, patientsNext]);

  const empty = patientsLoaded && patients.length === 0;
  const indices = Array.from({ length: end - start }, (_, i) => start + i);
  return (
    <>
      {patientsLoaded && !empty && <div className="patient-count" data-testid="patient-count">{countLabel(patientsTotal, query)}</div>}
      <div className="patient-scroll" ref={scroller} data-testid="patient-list">
        {empty ? (
          <EmptyLibrary query={query} />
        ) : (
          <ul className="list patient-rows" aria-label="Patients" style={{ height: rowCount * ROW_HEIGHT }}>
            {indices.map((index) => {
              const p = patients[index];
              return p ? (
                <PatientRow key={p.caseId} patient={p} index={index} total={patientsTotal} selected={selectedPatient?.caseId === p.caseId} />
              ) : (
                <PendingRow key={`pending-${index}`} index={index} />
              );
            })}
          </ul>
        )}
      </div>
    </>
  );
}
