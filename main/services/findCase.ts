// Which case a command-line `--patient` names: a case id, or a PatientID (one case per PatientID).
import { AppError } from '../errors.ts';
import type { Library } from '../library/library.ts';

export function findCase(library: Library, patient: string): string {
  const found = library.findCase(patient);
  if (!found) throw new AppError('not-found', `No patient "${patient}" in the library: give its PatientID or case id as "precis patients" lists them.`);
  return found;
}
