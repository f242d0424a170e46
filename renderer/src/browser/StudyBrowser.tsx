import { useEffect } from 'react';
import { loadDemoCase, openSeries, searchPatients, selectPatient } from '../commands.ts';
import { useApp } from '../state/store.ts';
import { formatDate, formatName } from '../viewer/format.ts';
import { Thumbnail } from './Thumbnail.tsx';

function PatientList() {
  const { patients, patientsLoaded, selectedPatient, query } = useApp();
  if (patientsLoaded && patients.length === 0) {
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
  return (
    <ul className="list" aria-label="Patients">
      {patients.map((p) => (
        <li key={p.caseId}>
          <button
            data-testid="patient-row"
            className={`row ${selectedPatient?.caseId === p.caseId ? 'selected' : ''}`}
            onClick={() => void selectPatient(p)}
          >
            <span className="primary">{formatName(p.PatientName)}</span>
            <span className="secondary num">{p.PatientID || 'no ID'} · {formatDate(p.PatientBirthDate)} · {p.studyCount} st · {p.instanceCount} im</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function StudyList() {
  const { studies, seriesByStudy, open, selectedPatient } = useApp();
  if (!selectedPatient) return null;
  return (
    <div className="studies">
      {studies.map((study) => (
        <div key={study.StudyInstanceUID} className="study">
          <div className="row study-row" data-testid="study-row">
            <span className="primary">{formatDate(study.StudyDate)} {study.StudyDescription || '(no description)'}</span>
            <span className="secondary">{study.modalities.join(', ')} · {study.seriesCount} series · {study.instanceCount} images</span>
          </div>
          <ul className="list">
            {(seriesByStudy[study.StudyInstanceUID] ?? []).map((series) => (
              <li key={series.SeriesInstanceUID}>
                <button
                  data-testid="series-row"
                  className={`row series-row ${open?.series.SeriesInstanceUID === series.SeriesInstanceUID ? 'selected' : ''}`}
                  onClick={() => void openSeries(study, series)}
                  title="Open this series (Page Up/Down: previous/next series)"
                >
                  <Thumbnail caseId={series.caseId} sop={series.thumbnailSOPInstanceUID} />
                  <span className="series-text">
                    <span className="primary">{series.Modality} {series.SeriesNumber ?? ''} {series.SeriesDescription}</span>
                    <span className="secondary num">{series.instanceCount} images</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

export function StudyBrowser() {
  const query = useApp((s) => s.query);
  useEffect(() => {
    void searchPatients('');
  }, []);
  return (
    <aside className="browser" aria-label="Study browser">
      <input
        className="search"
        data-testid="patient-search"
        type="search"
        placeholder="Search name, ID or birth date"
        value={query}
        onChange={(e) => void searchPatients(e.target.value)}
      />
      <PatientList />
      <StudyList />
    </aside>
  );
}
