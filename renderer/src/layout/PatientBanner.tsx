import { CaseActions } from '../case/CaseActions.tsx';
import { useApp } from '../state/store.ts';
import { ageAt, formatDate, formatName } from '../viewer/format.ts';
import { useViewportSeries } from '../viewer/viewportSeries.ts';
import type { PatientSummary } from '../../../preload/api.ts';

/**
 * The classic safety failure is reading one patient's images as another's: when the viewports show
 * images of more than one patient, say so, in red, naming them.
 */
function MixedPatientsWarning({ shown }: { shown: PatientSummary }) {
  const byViewport = useViewportSeries((s) => s.byViewport);
  const others = Object.values(byViewport).map((o) => o.patient).filter((p) => p.caseId !== shown.caseId);
  const distinct = [...new Map(others.map((p) => [p.caseId, p])).values()];
  if (distinct.length === 0) return null;
  return (
    <span className="mixed-patients" role="alert" data-testid="mixed-patients-warning">
      Viewports show {distinct.length + 1} patients: {[shown, ...distinct].map((p) => `${formatName(p.PatientName)} (${p.PatientID || '—'})`).join(', ')}
    </span>
  );
}

/** Always visible while a case is open: who these images belong to. */
export function PatientBanner() {
  const patient = useApp((s) => s.open?.patient ?? s.selectedPatient);
  if (!patient) return <div className="patient-banner empty">No case open</div>;
  return (
    <div className="patient-banner" data-testid="patient-banner">
      <strong>{formatName(patient.PatientName)}</strong>
      <span>ID <span className="num">{patient.PatientID || '—'}</span></span>
      <span>Born <span className="num">{formatDate(patient.PatientBirthDate)}</span> {ageAt(patient.PatientBirthDate)}</span>
      <span>Sex {patient.PatientSex || '—'}</span>
      <span className="lock" title="This case file is encrypted at rest">Encrypted case</span>
      <MixedPatientsWarning shown={patient} />
      <CaseActions key={patient.caseId} patient={patient} />
    </div>
  );
}
