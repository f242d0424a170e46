// `precis erase` and case.erase: destroys a patient's case. The wrapped case key is deleted first, with
// secure_delete on (its bytes are overwritten in the page, not only unlinked) and the WAL checkpointed
// and truncated (the WAL would otherwise keep older page images holding the key until it is reused):
// from then on no copy of the case file or of its store files can be decrypted with what this data
// directory holds. Then the files go. The audit row names the case id only, never the patient.
// An older backup of library.sqlite still holds the wrapped key (README, "Erasing a patient").
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { truncateWal } from '../storage/maintenance.ts';

export interface CaseEraseResult {
  caseId: string;
  /** False when another connection kept the WAL busy: its old frames are overwritten by later writes only. */
  walTruncated: boolean;
}

/** What the user must type to confirm: the Patient ID, or the case id for a patient without one. */
export function confirmationFor(patientId: string, caseId: string): string {
  return patientId.trim() || caseId;
}

export async function eraseCase(core: Core, caseId: string, typedPatientId: string, source: string): Promise<CaseEraseResult> {
  const library = core.library;
  const patient = library.index.row(caseId);
  if (!patient) throw new AppError('not-found', 'This patient is not in the library any more.');
  if (typedPatientId.trim() !== confirmationFor(patient.PatientID, caseId)) {
    throw new AppError('confirmation-mismatch', 'The typed Patient ID does not match this patient: type it exactly as shown to erase.');
  }
  library.closeCase(caseId);
  // secure_delete is on for every connection (storage/database.ts): the wrapped key's bytes are zeroed.
  library.locked(() => {
    library.index.remove(caseId);
    library.vcfHashes.forgetCase(caseId); // its VCFs may be attached to a patient again
    library.audit({ actor: core.actor, action: 'case.erase', caseId, detail: { via: source } });
  });
  const walTruncated = await truncateWal(library.db, 50);
  const caseFile = join(core.dataDir, 'cases', `${caseId}.sqlite`);
  for (const path of [caseFile, `${caseFile}-wal`, `${caseFile}-shm`]) await rm(path, { force: true });
  await rm(join(core.dataDir, 'dicom', caseId), { recursive: true, force: true });
  await rm(join(core.dataDir, 'masks', caseId), { recursive: true, force: true });
  return { caseId, walTruncated };
}
