import { useState } from 'react';
import type { PatientSummary } from '../../../preload/api.ts';
import { exportDicom } from './caseCommands.ts';
import { EraseDialog } from './EraseDialog.tsx';

/** "Export DICOM…" and "Erase patient…" for the patient in the banner. */
export function CaseActions(props: { patient: PatientSummary }) {
  const { patient } = props;
  const [erasing, setErasing] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const runExport = async () => {
    setNote('Exporting…');
    try {
      setNote(await exportDicom(patient.caseId));
    } catch (error) {
      setNote(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <span className="case-actions">
      <button onClick={() => void runExport()} data-testid="export-dicom-button">Export DICOM…</button>
      <button className="danger" onClick={() => setErasing(true)} data-testid="erase-patient-button">Erase patient…</button>
      {note && <span className="case-note" data-testid="case-note">{note}</span>}
      {erasing && <EraseDialog patient={patient} onClose={() => setErasing(false)} />}
    </span>
  );
}
