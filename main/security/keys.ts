// Key hierarchy (DESIGN.md, Data): one master key per data directory; the library file is opened with
// a key derived from it; each case file has its own random 256-bit key, stored wrapped (AES-256-GCM)
// by the master key in the library. Erasing a case destroys its wrapped key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';
import { createFileOnce, keyringPath, readKeyring, serializeKeyring, undoInterruptedKeyChange, type KeyEntry, type KeyKind } from './keyring.ts';
import { assertStrongPassphrase } from './passphrasePolicy.ts';

export type MasterKeySource =
  | { kind: 'passphrase'; passphrase: string }
  /** A random key kept outside the data directory (OS keychain in Electron, a key file elsewhere). */
  | { kind: 'raw'; key: Buffer; label: string };

// scrypt cost: about 0.1 s and 32 MiB, paid once per start, never per file.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function verifierOf(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('precis-keyring-verifier-v1').digest('hex');
}

/** Which kind of key protects a data directory, or null before its first use. */
export function keyringSource(dataDir: string): KeyKind | null {
  return readKeyring(dataDir)?.source ?? null;
}

/** A new key entry for `source` (fresh salt), with the master key it stands for. */
export function newKeyEntry(source: MasterKeySource): { entry: KeyEntry; key: Buffer } {
  if (source.kind === 'passphrase') assertStrongPassphrase(source.passphrase);
  const salt = source.kind === 'passphrase' ? randomBytes(16) : Buffer.alloc(0);
  const key = source.kind === 'passphrase' ? scryptSync(source.passphrase, salt, 32, SCRYPT) : source.key;
  return { entry: { source: source.kind, salt: salt.toString('hex'), verifier: verifierOf(key) }, key };
}

/** The master key `source` stands for under `entry`, or an error saying why it does not open it. */
export function keyForEntry(entry: KeyEntry, source: MasterKeySource): Buffer {
  if (entry.source !== source.kind) {
    throw new AppError(
      'wrong-key-source',
      entry.source === 'passphrase'
        ? 'This data directory is protected by a passphrase: set PRECIS_PASSPHRASE or enter it when asked.'
        : 'This data directory is protected by a machine key, not a passphrase: unset PRECIS_PASSPHRASE.',
    );
  }
  const key = source.kind === 'passphrase' ? scryptSync(source.passphrase, Buffer.from(entry.salt, 'hex'), 32, SCRYPT) : source.key;
  if (!timingSafeEqual(Buffer.from(verifierOf(key), 'hex'), Buffer.from(entry.verifier, 'hex'))) {
    throw new AppError(
      'wrong-key',
      source.kind === 'passphrase' ? 'The passphrase does not open this data directory.' : `The machine key (${source.label}) does not open this data directory.`,
    );
  }
  return key;
}

/**
 * Derives the master key of a data directory, creating its key material on first use. Concurrent
 * first opens agree: one keyring is published exclusively and every other opener uses that one.
 */
export function unlockMasterKey(dataDir: string, source: MasterKeySource): Buffer {
  undoInterruptedKeyChange(dataDir);
  const existing = readKeyring(dataDir);
  if (existing) return keyForEntry(existing, source);
  const { entry, key } = newKeyEntry(source);
  if (createFileOnce(keyringPath(dataDir), serializeKeyring({ version: 1, ...entry }))) return key;
  // Another process created the directory's key material first: that one counts.
  return keyForEntry(readKeyring(dataDir)!, source);
}

export function deriveSubkey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `precis:${purpose}`, 32));
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

/** AES-256-GCM: iv(12) | tag(16) | ciphertext. */
export function wrapKey(masterKey: Buffer, dataKey: Buffer, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveSubkey(masterKey, 'wrap'), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unwrapKey(masterKey: Buffer, wrapped: Buffer, context: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', deriveSubkey(masterKey, 'wrap'), wrapped.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(wrapped.subarray(12, 28));
  return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
}
