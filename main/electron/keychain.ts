// The master key in Electron: a random key kept encrypted by the OS keychain (safeStorage), outside
// the data directory.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import type { MasterKeySource } from '../security/keys.ts';

export function keychainKeySource(): MasterKeySource {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('The OS keychain is not available: start with PRECIS_PASSPHRASE set.');
  const path = join(app.getPath('userData'), 'master-key.bin');
  if (!existsSync(path)) writeFileSync(path, safeStorage.encryptString(randomBytes(32).toString('hex')), { mode: 0o600 });
  return { kind: 'raw', key: Buffer.from(safeStorage.decryptString(readFileSync(path)), 'hex'), label: 'OS keychain' };
}
