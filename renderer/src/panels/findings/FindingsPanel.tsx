// The Findings tab: the measurements a reader promoted to lesions, target ones first, and per study the
// sum of the target lesions' diameters (RECIST 1.1 style: longest diameter, a lymph node's short axis).
import type { AnnotationRecord } from '../../../../preload/api.ts';
import { mainValueOf } from '../../reading/annotationRecords.ts';
import { useAnnotations } from '../../reading/annotationSync.ts';
import { recistSums } from '../../reading/recist.ts';
import { useApp } from '../../state/store.ts';
import { precisImageId } from '../../viewer/imageIds.ts';
import { formatDate } from '../../viewer/format.ts';
import { activeController } from '../../viewer/viewportRegistry.ts';

function show(record: AnnotationRecord, caseId: string): void {
  if (!record.SOPInstanceUID) return;
  const index = activeController().imageIds().indexOf(precisImageId(caseId, record.SOPInstanceUID, record.frame ?? 1));
  if (index >= 0) activeController().setIndex(index);
}

export function FindingsPanel() {
  const { caseId, records } = useAnnotations();
  const studies = useApp((s) => s.studies);
  const findings = records.filter((r) => r.finding).sort((a, b) => Number(b.finding?.target) - Number(a.finding?.target));
  if (!caseId || findings.length === 0) {
    return (
      <div className="panel-body" data-testid="findings-panel">
        <p className="empty-state" data-testid="panel-empty">
          No findings yet. In the Measurements tab, make a measurement a finding (a lesion): its label, where it is, and whether it is a target lesion.
        </p>
      </div>
    );
  }
  const studyName = (uid: string): string => {
    const study = studies.find((s) => s.StudyInstanceUID === uid);
    return study ? `${formatDate(study.StudyDate)} ${study.StudyDescription || ''}`.trim() : uid;
  };
  return (
    <div className="panel-body" data-testid="findings-panel">
      {recistSums(findings).map((sum) => (
        <p key={sum.StudyInstanceUID} className="recist-sum" data-testid="recist-sum">
          {studyName(sum.StudyInstanceUID)}: sum of {sum.targets} target diameter{sum.targets === 1 ? '' : 's'}{' '}
          <strong className="numeric">{sum.sumMm === null ? '—' : `${sum.sumMm.toFixed(1)} mm`}</strong>
          {sum.unmeasurable > 0 && ` (${sum.unmeasurable} target${sum.unmeasurable === 1 ? '' : 's'} without a diameter in mm)`}
        </p>
      ))}
      <ul className="measurement-list">
        {findings.map((record) => (
          <li key={record.annotationUID} data-testid="finding-row" data-target={record.finding?.target ? 'yes' : 'no'}>
            <button className="measurement-jump" onClick={() => show(record, caseId)} title="Show its image">
              <span className="measurement-tool">{record.finding?.label || 'Lesion'}</span>
              <span className="measurement-where"> · {record.finding?.location || 'location not given'} · {record.finding?.target ? 'target' : 'non-target'}</span>
              <span className="measurement-value numeric"> {mainValueOf(record)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
