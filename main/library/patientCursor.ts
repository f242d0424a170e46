// The patient list's cursor: where the next page starts, opaque to clients (base64url of the sort key).
import { AppError } from '../errors.ts';
import type { PatientKey } from './repositories/patientIndex.ts';

/** The cursor a client hands back for the next page: base64url of the key, opaque to it. */
export function encodeCursor(key: PatientKey): string {
  return Buffer.from(JSON.stringify([key.sortName, key.caseId]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): PatientKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { sortName: value[0], caseId: value[1] };
    }
  } catch {
    // falls through to the error below: a cursor that is not ours
  }
  throw new AppError('invalid-argument', 'The patient list position is not valid; reload the patient list from the start.');
}
