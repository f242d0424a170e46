import { useEffect } from 'react';
import { openSeries, openStudy, searchPatients } from '../commands.ts';
import { useApp } from '../state/store.ts';
import { formatDate } from '../viewer/format.ts';
import { PatientList } from './PatientList.tsx';
import { Thumbnail } from './Thumbnail.tsx';
import { SERIES_DRAG_TYPE, type DraggedSeries } from '../viewer/viewportSeries.ts';

function StudyList() {
  const { studies, seriesByStudy, open, selectedPatient } = useApp();
  if (!selectedPatient) return null;
  return (
    <div className="studies">
      {studies.map((study) => (
        <div key={study.StudyInstanceUID} className="study">
          <button
            className={`row study-row ${open?.study.StudyInstanceUID === study.StudyInstanceUID ? 'current' : ''}`}
            data-testid="study-row"
            onClick={() => void openStudy(study)}
            title="Open this study on its main series"
          >
            <span className="primary">{formatDate(study.StudyDate)} {study.StudyDescription || '(no description)'}</span>
            <span className="secondary">{study.modalities.join(', ')} · {study.seriesCount} series · {study.instanceCount} images</span>
          </button>
          <ul className="list">
            {(seriesByStudy[study.StudyInstanceUID] ?? []).map((series) => (
              <li key={series.SeriesInstanceUID}>
                <button
                  data-testid="series-row"
                  className={`row series-row ${open?.series.SeriesInstanceUID === series.SeriesInstanceUID ? 'selected' : ''}`}
                  onClick={() => void openSeries(study, series)}
                  draggable
                  onDragStart={(e) => {
                    const payload: DraggedSeries = { StudyInstanceUID: study.StudyInstanceUID, SeriesInstanceUID: series.SeriesInstanceUID };
                    e.dataTransfer.setData(SERIES_DRAG_TYPE, JSON.stringify(payload));
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  title="Open this series, or drag it onto a viewport (Page Up/Down: previous/next series)"
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
