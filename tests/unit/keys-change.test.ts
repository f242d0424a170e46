// Issue 11, finding 8: `precis key change` re-wraps every case key and re-keys the library, is audited,
// and a kill at any moment leaves a directory that the old or the new passphrase opens. Real processes
// (killed with SIGKILL), real encrypted SQLite files, real DICOM.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../main/library/index.ts';
import { verifyAuditChain } from '../../main/security/repositories/auditChain.ts';
import { unlockMasterKey } from '../../main/security/keys.ts';
import { pydicomFiles, removeTempDirs, repoRoot, tempDir } from './support/env.ts';
import { precis, startPrecis, type KeyEnv } from './support/keyEnv.ts';

const OLD = 'integration-test passphrase';
const NEW = 'a quite different new passphrase';
const PATIENTS = ['1CT1', '4MR1'];
const keyFile = () => join(tempDir('keys-never'), 'never.key');

let template: string;

beforeAll(async () => {
  // One directory with two patients (two case keys), copied for each test.
  template = join(tempDir('keys-change-template'), 'data');
  const files = ['CT_small.dcm', 'MR_small.dcm'].map((f) => join(pydicomFiles, f));
  const made = await precis(['import', ...files, '--data-dir', template], { passphrase: OLD, keyFile: keyFile() });
  expect(made.code, made.stderr).toBe(0);
});
afterAll(removeTempDirs);

function copyOfTemplate(): string {
  const dataDir = join(tempDir('keys-change'), 'data');
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** True when `passphrase` opens the library and every patient's case file; false when refused. */
async function opensEverything(dataDir: string, passphrase: string): Promise<boolean> {
  const settings: KeyEnv = { passphrase, keyFile: keyFile() };
  const listed = await precis(['patients', '--data-dir', dataDir, '--json'], settings);
  if (listed.code !== 0) {
    expect(listed.stderr).toMatch(/passphrase does not open|cannot be opened with this key/);
    return false;
  }
  expect((JSON.parse(listed.stdout) as Array<{ PatientID: string }>).map((p) => p.PatientID).sort()).toEqual(PATIENTS);
  for (const id of PATIENTS) {
    const series = await precis(['series', id, '--data-dir', dataDir, '--json'], settings);
    expect(series.code, `${id}: ${series.stderr}`).toBe(0);
  }
  return true;
}

describe('precis key change', () => {
  it('after a change the old passphrase is refused, the new one opens everything, and the audit records it', async () => {
    // Failing: there is no way to change a leaked passphrase; or a change leaves case keys wrapped by
    // the old key (cases no longer open) or the library under the old key.
    const dataDir = copyOfTemplate();
    const run = await precis(['key', 'change', '--data-dir', dataDir, '--json'], { passphrase: OLD, newPassphrase: NEW, keyFile: keyFile() });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ cases: 2, from: 'passphrase', to: 'passphrase' });
    expect(await opensEverything(dataDir, OLD)).toBe(false);
    expect(await opensEverything(dataDir, NEW)).toBe(true);
    const library = Library.open(dataDir, unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: NEW }));
    try {
      const events = library.db.prepare("SELECT actor, detail FROM audit_events WHERE action = 'key.change'").all();
      expect(events).toEqual([{ actor: expect.stringMatching(/^cli:/), detail: JSON.stringify({ cases: 2, from: 'passphrase', to: 'passphrase' }) }]);
      expect(verifyAuditChain(library.db)).toBeNull();
    } finally {
      library.close();
    }
  });

  it('a weak new passphrase is refused and the directory keeps its key', async () => {
    // Failing: a key change could protect the data with a trivial passphrase.
    const dataDir = copyOfTemplate();
    const run = await precis(['key', 'change', '--data-dir', dataDir], { passphrase: OLD, newPassphrase: 'password1234', keyFile: keyFile() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/too weak/);
    expect(await opensEverything(dataDir, OLD)).toBe(true);
  });

  it('a change killed at each of its steps leaves a directory that the old or the new passphrase opens', async () => {
    // Failing: a crash or kill during the change leaves case keys, library and keyring under different
    // keys, so no passphrase opens the data again.
    const victim = join(repoRoot, 'tests', 'unit', 'support', 'keyChangeVictim.ts');
    for (const step of ['locked', 'pending', 'backup', 'rewrapped', 'rekeyed', 'committed']) {
      const dataDir = copyOfTemplate();
      const killed = spawnSync(process.execPath, [victim, dataDir, OLD, NEW, step], { encoding: 'utf8' });
      expect(killed.signal, `${step}: ${killed.stderr}`).toBe('SIGKILL');
      const expectNew = step === 'committed';
      expect(await opensEverything(dataDir, expectNew ? NEW : OLD), step).toBe(true);
      expect(await opensEverything(dataDir, expectNew ? OLD : NEW), step).toBe(false);
    }
  });

  it('a `precis key change` killed at random moments leaves a directory that one of the passphrases opens', async () => {
    // Failing: as above, for kills at moments nobody chose.
    for (const delayMs of [250, 350, 450, 550]) {
      const dataDir = copyOfTemplate();
      await startPrecis(['key', 'change', '--data-dir', dataDir], { passphrase: OLD, newPassphrase: NEW, keyFile: keyFile() }, delayMs + Math.random() * 100);
      const opens = [await opensEverything(dataDir, OLD), await opensEverything(dataDir, NEW)];
      expect(opens.filter(Boolean), `killed after ~${delayMs} ms`).toHaveLength(1);
    }
  });
});
