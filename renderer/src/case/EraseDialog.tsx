import { useState } from 'react';
import type { PatientSummary } from '../../../preload/api.ts';
import { erasePatient } from './caseCommands.ts';

/** Erasing cannot be undone: the user types the Patient ID (the case id when it has none) to confirm. */
export function EraseDialog(props: { patient: PatientSummary; onClose: () => void }) {
  const { patient, onClose } = props;
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expected = patient.PatientID.trim() ? 'Patient ID' : 'case id';
  const confirm = async () => {
    setBusy(true);
    try {
      const refusal = await erasePatient(patient.caseId, typed);
      if (refusal === null) onClose();
      else setMessage(refusal);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="erase-title" data-testid="erase-dialog">
        <h2 id="erase-title">Erase this patient?</h2>
        <p>
          The case key, the case file and every image of this patient are destroyed on this machine. This cannot be
          undone. Older backups of the library still hold the case.
        </p>
        <label>
          Type the {expected} <span className="num">{patient.PatientID.trim() || patient.caseId}</span> to confirm
          <input autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="erase-confirm-input" />
        </label>
        {message && <p className="dialog-error" role="alert" data-testid="erase-error">{message}</p>}
        <div className="dialog-buttons">
          <button onClick={onClose} disabled={busy}>Cancel</button>
          <button className="danger" onClick={() => void confirm()} disabled={busy || typed === ''} data-testid="erase-confirm-button">
            Erase patient
          </button>
        </div>
      </div>
    </div>
  );
}
