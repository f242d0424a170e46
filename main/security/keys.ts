// Key hierarchy (DESIGN.md, Data): one master key per data directory; the library file is opened with
// a key derived from it; each case file has its own random 256-bit key, stored wrapped (AES-256-GCM)
// by the master key in the library. Erasing a case destroys its wrapped key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

export type MasterKeySource =
  | { kind: 'passphrase'; passphrase: string }
  /** A random key kept outside the data directory (OS keychain in Electron, a key file elsewhere). */
  | { kind: 'raw'; key: Buffer; label: string };

interface Keyring {
  version: 1;
  source: 'passphrase' | 'raw';
  /** scrypt salt, hex; only for passphrase sources. */
  salt: string;
  /** HMAC of a fixed label under the master key: tells a wrong key from a corrupt file. */
  verifier: string;
}

const KEYRING_FILE = 'keyring.json';
// scrypt cost: about 0.1 s and 32 MiB, paid once per start, never per file.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function verifierOf(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('precis-keyring-verifier-v1').digest('hex');
}

/** Which kind of key protects a data directory, or null before its first use. */
export function keyringSource(dataDir: string): 'passphrase' | 'raw' | null {
  const path = join(dataDir, KEYRING_FILE);
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as Keyring).source;
}

/** Derives (or on first use creates) the master key of a data directory. */
export function unlockMasterKey(dataDir: string, source: MasterKeySource): Buffer {
  const path = join(dataDir, KEYRING_FILE);
  if (!existsSync(path)) {
    const salt = randomBytes(16);
    const key = source.kind === 'passphrase' ? scryptSync(source.passphrase, salt, 32, SCRYPT) : source.key;
    const keyring: Keyring = { version: 1, source: source.kind, salt: salt.toString('hex'), verifier: verifierOf(key) };
    writeFileSync(path, JSON.stringify(keyring, null, 2), { mode: 0o600 });
    return key;
  }
  const keyring = JSON.parse(readFileSync(path, 'utf8')) as Keyring;
  if (keyring.source !== source.kind) {
    throw new AppError(
      'wrong-key-source',
      keyring.source === 'passphrase'
        ? 'This data directory is protected by a passphrase: set PRECIS_PASSPHRASE or enter it when asked.'
        : 'This data directory is protected by a machine key, not a passphrase: unset PRECIS_PASSPHRASE.',
    );
  }
  const key =
    source.kind === 'passphrase'
      ? scryptSync(source.passphrase, Buffer.from(keyring.salt, 'hex'), 32, SCRYPT)
      : source.key;
  if (!timingSafeEqual(Buffer.from(verifierOf(key), 'hex'), Buffer.from(keyring.verifier, 'hex'))) {
    throw new AppError('wrong-key', 'The passphrase does not open this data directory.');
  }
  return key;
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
