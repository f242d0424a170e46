import { CaseActions } from '../case/CaseActions.tsx';
import { useApp } from '../state/store.ts';
import { ageAt, formatDate, formatName } from '../viewer/format.ts';

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
      <CaseActions key={patient.caseId} patient={patient} />
    </div>
  );
}
