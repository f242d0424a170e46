// The case actions of the patient banner: export the original DICOM, erase the patient.
import { PrecisApiError } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';
import { refreshLibrary } from '../commands.ts';
import { setState } from '../state/store.ts';

/** Exports into the data directory's exports/ folder (no folder dialog in a browser); says where. */
export async function exportDicom(caseId: string): Promise<string> {
  const result = await precis().case.exportDicom({ caseId });
  return `Exported ${result.files} DICOM files to ${result.folder}`;
}

/** Null when erased; otherwise the sentence to show in the dialog (a mismatch keeps it open). */
export async function erasePatient(caseId: string, typedPatientId: string): Promise<string | null> {
  try {
    await precis().case.erase({ caseId, confirmPatientId: typedPatientId });
  } catch (error) {
    if (error instanceof PrecisApiError) return error.message;
    throw error;
  }
  setState({ selectedPatient: null, open: null, studies: [], seriesByStudy: {} });
  await refreshLibrary();
  return null;
}
