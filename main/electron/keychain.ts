// The master key in Electron: a random key kept encrypted by the OS keychain (safeStorage), outside
// the data directory; or PRECIS_PASSPHRASE (the main process cannot ask on a terminal).
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import { AppError } from '../errors.ts';
import { createFileOnce } from '../security/keyring.ts';
import { keyringSource, type MasterKeySource } from '../security/keys.ts';

function keychainKeySource(dataDir: string): MasterKeySource {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError('keychain-unavailable', 'The OS keychain is not available on this machine, so the key cannot be kept safely.');
  }
  // On Linux without a keyring service, safeStorage falls back to a fixed, public password.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new AppError('keychain-untrusted', 'The Linux keychain in use ("basic_text") stores keys in the clear, so Precis does not use it.');
  }
  const path = join(app.getPath('userData'), 'master-key.bin');
  if (!existsSync(path)) {
    if (keyringSource(dataDir) === 'raw') {
      throw new AppError('machine-key-missing', `The key file ${path} that opens this data directory (through the OS keychain) is missing: restore it from a backup.`);
    }
    createFileOnce(path, safeStorage.encryptString(randomBytes(32).toString('hex')));
  }
  return { kind: 'raw', key: Buffer.from(safeStorage.decryptString(readFileSync(path)), 'hex'), label: 'OS keychain' };
}

/** PRECIS_PASSPHRASE for passphrase directories (and new ones when set), else the OS keychain. */
export function electronKeySource(dataDir: string): MasterKeySource {
  const existing = keyringSource(dataDir);
  const passphrase = process.env.PRECIS_PASSPHRASE;
  if (passphrase && existing === 'raw') {
    throw new AppError('passphrase-for-machine-key', 'This data directory is protected by the OS keychain, not a passphrase: unset PRECIS_PASSPHRASE.');
  }
  if (passphrase) return { kind: 'passphrase', passphrase };
  if (existing === 'passphrase') throw new AppError('passphrase-required', 'This data directory is protected by a passphrase.');
  return keychainKeySource(dataDir);
}
