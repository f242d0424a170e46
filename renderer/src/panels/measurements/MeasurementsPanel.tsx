// The Measurements tab: every annotation of the open case with its value, the image it is on and who
// made it; a click shows its image, a button removes it (audited in the case, like every change); then
// the measurements of imported SR reports that are not drawn on the case's images.
import { useState } from 'react';
import type { AnnotationRecord } from '../../../../preload/api.ts';
import { mainValueOf } from '../../reading/annotationRecords.ts';
import { ANNOTATION_TOOLS } from '../../reading/annotationTools.ts';
import { deleteAnnotation, setFinding, useAnnotations } from '../../reading/annotationSync.ts';
import { precisImageId } from '../../viewer/imageIds.ts';
import { activeController } from '../../viewer/viewportRegistry.ts';
import { useApp } from '../../state/store.ts';
import { ImportedReports } from './ImportedReports.tsx';

const toolLabel = (tool: string): string => ANNOTATION_TOOLS.find((t) => t.name === tool)?.label.split(' (')[0] ?? tool;

function imageNumber(record: AnnotationRecord, caseId: string): number | null {
  if (!record.SOPInstanceUID) return null;
  const index = activeController().imageIds().indexOf(precisImageId(caseId, record.SOPInstanceUID, record.frame ?? 1));
  return index < 0 ? null : index + 1;
}

/** Label, location and target flag of a finding, edited in place under its measurement. */
function FindingForm({ record, done }: { record: AnnotationRecord; done: () => void }) {
  const [label, setLabel] = useState(record.finding?.label ?? record.label);
  const [location, setLocation] = useState(record.finding?.location ?? '');
  const [target, setTarget] = useState(record.finding?.target ?? true);
  return (
    <form
      className="finding-form"
      data-testid="finding-form"
      onSubmit={(e) => {
        e.preventDefault();
        void setFinding(record.annotationUID, { label: label.trim(), location: location.trim(), target }).then(done);
      }}
    >
      <label>Label <input data-testid="finding-label" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} /></label>
      <label>Location <input data-testid="finding-location" value={location} maxLength={200} placeholder="e.g. right upper lobe, lymph node" onChange={(e) => setLocation(e.target.value)} /></label>
      <label className="inline"><input type="checkbox" data-testid="finding-target" checked={target} onChange={(e) => setTarget(e.target.checked)} /> Target lesion</label>
      <span className="actions">
        <button type="submit" data-testid="finding-save">Save finding</button>
        {record.finding && <button type="button" onClick={() => void setFinding(record.annotationUID, null).then(done)}>Not a finding</button>}
        <button type="button" onClick={done}>Cancel</button>
      </span>
    </form>
  );
}

export function MeasurementsPanel() {
  const [editing, setEditing] = useState<string | null>(null);
  const { caseId, records, error } = useAnnotations();
  // Imported reports belong to the selected patient, even one whose case has no image to open.
  const patientCaseId = useApp((s) => s.selectedPatient?.caseId ?? null);
  if (!caseId || (records.length === 0 && !error)) {
    return (
      <div className="panel-body" data-testid="measurements-panel">
        <p className="empty-state" data-testid="panel-empty">
          No measurements yet. Choose a tool (Length, Ellipse, Probe…) in the toolbar or with its key, and draw on an image: it is kept in the patient's case.
        </p>
        {patientCaseId && <ImportedReports caseId={patientCaseId} />}
      </div>
    );
  }
  return (
    <div className="panel-body" data-testid="measurements-panel">
      {error && <p className="error" role="alert">{error}</p>}
      <ul className="measurement-list">
        {records.map((record) => {
          const number = imageNumber(record, caseId);
          return (
            <li key={record.annotationUID} data-testid="measurement-row" data-annotation-uid={record.annotationUID} data-tool={record.tool}>
              <button
                className="measurement-jump"
                title={number === null ? 'This image is not in the open series' : `Show image ${number}`}
                disabled={number === null}
                onClick={() => number !== null && activeController().setIndex(number - 1)}
              >
                <span className="measurement-tool">{toolLabel(record.tool)}</span>
                {record.label && <span className="measurement-label"> “{record.label}”</span>}
                <span className="measurement-value numeric" data-testid="measurement-value"> {mainValueOf(record)}</span>
                <span className="measurement-where">{number === null ? '' : ` · image ${number}`} · {record.author}</span>
              </button>
              <button
                className="measurement-finding"
                data-testid="promote-finding"
                title={record.finding ? 'Edit this finding' : 'Make this measurement a finding (lesion)'}
                onClick={() => setEditing(editing === record.annotationUID ? null : record.annotationUID)}
              >
                {record.finding ? (record.finding.target ? 'Target' : 'Non-target') : 'Finding…'}
              </button>
              <button
                className="measurement-delete"
                data-testid="measurement-delete"
                title="Delete this measurement"
                aria-label={`Delete ${toolLabel(record.tool)} measurement`}
                onClick={() => deleteAnnotation(record.annotationUID)}
              >
                ×
              </button>
              {editing === record.annotationUID && <FindingForm record={record} done={() => setEditing(null)} />}
            </li>
          );
        })}
      </ul>
      {patientCaseId && <ImportedReports caseId={patientCaseId} />}
    </div>
  );
}
