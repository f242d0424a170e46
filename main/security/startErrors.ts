// What the app shows when it cannot start on a data directory: a title, what happened, and what to do.
// Plain Node (no Electron import) so the mapping is tested in Node; main/electron/startFailure.ts only
// puts the result in a window.
import { AppError, errorMessage } from '../errors.ts';

export interface StartFailure {
  code: string;
  title: string;
  /** What happened, one sentence (usually the error's own message). */
  message: string;
  /** What the person can do about it. */
  whatToDo: string;
}

const RESTART_WITH_PASSPHRASE = 'Start Precis with the passphrase in the environment: PRECIS_PASSPHRASE="..." precis-app (or npm start).';

// Per stable error code: the window title and the way out. The message is the error's own sentence.
const ADVICE: Record<string, { title: string; whatToDo: string }> = {
  'wrong-key': {
    title: 'Wrong key for this data directory',
    whatToDo: 'Start again with the passphrase (or key) this data directory was created with.',
  },
  'wrong-key-source': {
    title: 'This data directory uses another kind of key',
    whatToDo: 'Start with PRECIS_PASSPHRASE for a passphrase directory, or without it for a machine-key or keychain directory.',
  },
  'passphrase-required': { title: 'Passphrase needed', whatToDo: RESTART_WITH_PASSPHRASE },
  'passphrase-for-machine-key': {
    title: 'This data directory does not use a passphrase',
    whatToDo: 'Start Precis without PRECIS_PASSPHRASE; the machine key or the OS keychain opens it.',
  },
  'machine-key-missing': {
    title: 'The key of this data directory is missing',
    whatToDo: 'Restore the key file from a backup to the path named above, or set PRECIS_KEY_FILE to where it is now. A new key cannot open the existing data.',
  },
  'machine-key-corrupt': { title: 'The key file is damaged', whatToDo: 'Restore the key file from a backup.' },
  'keyring-corrupt': { title: 'The key record of this data directory is damaged', whatToDo: 'Restore keyring.json from a backup of this data directory.' },
  'newer-file': {
    title: 'Data from a newer version of Precis',
    whatToDo: 'Install the newer version of Precis that wrote this data; this version will not change it.',
  },
  'directory-locked': {
    title: 'The data directory is busy',
    whatToDo: 'Another Precis (app, web host or precis command) is using it: close that one, or wait for it to finish, then start again.',
  },
  SQLITE_BUSY: {
    title: 'The data directory is busy',
    whatToDo: 'Another Precis (app, web host or precis command) is using it: close that one, or wait for it to finish, then start again.',
  },
  'keychain-unavailable': { title: 'The OS keychain is not available', whatToDo: RESTART_WITH_PASSPHRASE },
  'keychain-untrusted': {
    title: 'The OS keychain does not protect the key',
    whatToDo: `No keyring service (GNOME Keyring, KWallet) is running, so the key would be stored in the clear. Start one, or: ${RESTART_WITH_PASSPHRASE}`,
  },
  'weak-passphrase': { title: 'Passphrase too weak', whatToDo: 'Start again with a longer passphrase: at least 12 characters, for example a few unrelated words.' },
};

/** The window content for an error thrown while opening the data directory. */
export function describeStartFailure(error: unknown): StartFailure {
  const code = codeOf(error);
  const advice = ADVICE[code];
  if (advice) return { code, title: advice.title, message: errorMessage(error), whatToDo: advice.whatToDo };
  return {
    code: 'start-failed',
    title: 'Precis could not start',
    message: errorMessage(error),
    whatToDo: 'Try again; if it keeps failing, start `precis patients` in a terminal with the same data directory to see more.',
  };
}

function codeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** One text for a message box: what happened, then what to do. */
export function startFailureText(failure: StartFailure): string {
  return `${failure.message}\n\n${failure.whatToDo}`;
}
