// Issue 11, finding 8: the keys behave as the README promises. Real `precis` processes, real key
// files, real encrypted SQLite files.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passphraseWeakness } from '../../main/security/passphrasePolicy.ts';
import { pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';
import { precis, type KeyEnv } from './support/keyEnv.ts';

afterAll(removeTempDirs);

const CT = join(pydicomFiles, 'CT_small.dcm');

/** A data directory protected by a new machine key (no passphrase), holding one patient. */
async function machineKeyDirectory(): Promise<{ dataDir: string; settings: KeyEnv }> {
  const settings = { keyFile: join(tempDir('keys-file'), 'machine.key') };
  const dataDir = join(tempDir('keys-machine-dir'), 'data');
  const made = await precis(['import', CT, '--data-dir', dataDir, '--json'], settings);
  expect(made.code, made.stderr).toBe(0);
  expect(existsSync(settings.keyFile)).toBe(true);
  return { dataDir, settings };
}

describe('machine-key directories', () => {
  it('refuse a passphrase instead of silently ignoring it', async () => {
    // Failing: the passphrase the user set is ignored and the machine key opens the data anyway, so the
    // user believes a passphrase protects it.
    const { dataDir, settings } = await machineKeyDirectory();
    const run = await precis(['patients', '--data-dir', dataDir, '--json'], { ...settings, passphrase: 'integration-test passphrase' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/protected by the machine key .*machine\.key, not a passphrase: unset PRECIS_PASSPHRASE/);
    expect(run.stdout).toBe('');
  });

  it('say the key file is missing, where it was and how to recover, and write no new key', async () => {
    // Failing: a new random key is written over the lost one's place and the user is told
    // "wrong passphrase", with no hint that restoring the key file brings the data back.
    const { dataDir, settings } = await machineKeyDirectory();
    const saved = `${settings.keyFile}.backup`;
    copyFileSync(settings.keyFile, saved);
    rmSync(settings.keyFile);
    const run = await precis(['patients', '--data-dir', dataDir, '--json'], settings);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The machine key file ${settings.keyFile} that opens this data directory is missing`);
    expect(run.stderr).toMatch(/restore it from a backup, or set PRECIS_KEY_FILE/);
    expect(existsSync(settings.keyFile)).toBe(false);
    // The recovery the message names works: the key file back in place opens everything.
    copyFileSync(saved, settings.keyFile);
    const again = await precis(['patients', '--data-dir', dataDir, '--json'], settings);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toHaveLength(1);
  });
});

describe('new passphrases', () => {
  it('a weak passphrase for a new directory is refused and nothing is created', async () => {
    // Failing: a new directory is protected by "1234" or "aaaaaaaaaaaa", which a dictionary run finds.
    for (const weak of ['short', 'aaaaaaaaaaaaaaaa', 'Password2024!!', '123456789012345', 'abcabcabcabc']) {
      const dataDir = join(tempDir('keys-weak'), 'data');
      const run = await precis(['import', CT, '--data-dir', dataDir], { passphrase: weak, keyFile: join(dataDir, '..', 'never.key') });
      expect(run.code, weak).toBe(1);
      expect(run.stderr, weak).toMatch(/This passphrase is too weak \(.+\): choose at least 12 characters/);
      expect(existsSync(join(dataDir, 'keyring.json')), weak).toBe(false);
    }
    // An existing directory is never re-checked: a wrong (and weak) passphrase is only wrong.
    const settings = { passphrase: 'integration-test passphrase', keyFile: join(tempDir('keys-never'), 'never.key') };
    const dataDir = join(tempDir('keys-existing'), 'data');
    expect((await precis(['import', CT, '--data-dir', dataDir], settings)).code).toBe(0);
    const wrong = await precis(['patients', '--data-dir', dataDir], { ...settings, passphrase: 'short' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/The passphrase does not open this data directory/);
  });

  it('the rule accepts the passphrases existing directories and tests use, and refuses trivial ones', () => {
    // Failing: directories made with these (tests, fixtures, bench) could not be created any more.
    for (const ok of ['integration-test passphrase', 'e2e passphrase', 'web host test', 'fixture passphrase b591180', 'precis bench passphrase']) {
      expect(passphraseWeakness(ok), ok).toBeNull();
    }
    for (const weak of ['eleven char', 'zzzzzzzzzzzzzzzzzzzz', 'word word word ', 'qwerty123456', '12345678901234567890', '!!!!....????']) {
      expect(passphraseWeakness(weak), weak).not.toBeNull();
    }
  });
});
