// A start that failed (wrong key, newer file, busy directory, missing key file) ends in a window that
// says what happened and what to do, instead of a silent exit. The wording is main/security/startErrors.ts.
import { dialog } from 'electron';
import { describeStartFailure, startFailureText } from '../security/startErrors.ts';

export function showStartFailure(error: unknown): void {
  const failure = describeStartFailure(error);
  process.stderr.write(`precis: ${failure.message}\n`);
  dialog.showErrorBox(failure.title, startFailureText(failure));
}
