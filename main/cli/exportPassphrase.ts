// The passphrase of a case export file: PRECIS_EXPORT_PASSPHRASE, else asked on a terminal (twice when
// it is chosen, at export). It is not the data directory's passphrase: the file goes to someone else.
import { AppError } from '../errors.ts';
import { canPrompt, promptNewPassphrase, promptPassphrase } from '../security/keySource.ts';
import { assertStrongPassphrase } from '../security/passphrasePolicy.ts';

const MISSING = 'An export passphrase is needed: set PRECIS_EXPORT_PASSPHRASE or run this on a terminal to type it.';

/** At export: at least 12 characters and not a common password (passphrasePolicy.ts). */
export async function newExportPassphrase(): Promise<string> {
  const given = process.env.PRECIS_EXPORT_PASSPHRASE;
  if (given) {
    assertStrongPassphrase(given);
    return given;
  }
  if (!canPrompt(true)) throw new AppError('passphrase-required', MISSING);
  return promptNewPassphrase('Export passphrase (the recipient needs it to import): ');
}

/** At import: the passphrase given at export. */
export async function existingExportPassphrase(): Promise<string> {
  const given = process.env.PRECIS_EXPORT_PASSPHRASE;
  if (given) return given;
  if (!canPrompt(true)) throw new AppError('passphrase-required', MISSING);
  return promptPassphrase('Export passphrase: ');
}
