// `precis erase` and case.erase: after an erase nothing the data directory still holds can decrypt
// the patient's case file or images, not even copies of them taken before the erase.
import { copyFileSync, cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatcher.ts';
import { openCore } from '../../main/core.ts';
import { openReadable } from '../../main/storage/database.ts';
import type { Library } from '../../main/library/index.ts';
import { CipherReader } from '../../main/dicom/storeCipher.ts';
import { deriveSubkey, unlockMasterKey, unwrapKey } from '../../main/security/keys.ts';
import type { PatientSummary } from '../../preload/api.ts';
import { PASSPHRASE, cliImport, listFiles, openLibrary, pydicomFiles, removeTempDirs, runCli, tempDir } from './support/env.ts';

const patients = (dataDir: string): PatientSummary[] => JSON.parse(runCli(['patients', '--data-dir', dataDir, '--json']).stdout) as PatientSummary[];

/** library.sqlite decrypted page by page (rekey to no key on a copy), free space and all. */
function decryptedLibrary(dataDir: string, scratch: string): Buffer {
  const copy = join(scratch, 'library-plain.sqlite');
  copyFileSync(join(dataDir, 'library.sqlite'), copy);
  const key = deriveSubkey(unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }), 'library');
  const db = new Database(copy);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
  db.pragma('journal_mode = DELETE');
  db.pragma("rekey = ''");
  db.close();
  return readFileSync(copy);
}

describe('precis erase', () => {
  let dataDir: string;
  let backup: string;
  let held: Library;
  let caseId: string;
  let wrappedKey: Buffer;

  beforeAll(() => {
    dataDir = tempDir('erase');
    backup = tempDir('erase-backup');
    expect(cliImport(dataDir, [join(pydicomFiles, 'CT_small.dcm'), join(pydicomFiles, 'MR_small.dcm')]).code).toBe(0);
    caseId = patients(dataDir).find((p) => p.PatientID === '1CT1')?.caseId as string;
    // A copy of the case's files as an older backup would hold them.
    copyFileSync(join(dataDir, 'cases', `${caseId}.sqlite`), join(backup, 'case.sqlite'));
    cpSync(join(dataDir, 'dicom', caseId), join(backup, 'dicom'), { recursive: true });
    // Another connection stays open through the erase (as the app's would while the CLI runs), so the
    // WAL file outlives the CLI process and its content after the erase can be checked.
    held = openLibrary(dataDir);
    wrappedKey = held.db.prepare('SELECT wrapped_key FROM case_keys WHERE case_id = ?').pluck().get(caseId) as Buffer;
  }, 60_000);

  afterAll(() => {
    held.close();
    removeTempDirs();
  });

  it('needs --yes, and without it erases nothing', () => {
    // Failing: one mistyped command destroys a patient's records without a confirmation.
    const run = runCli(['erase', '--patient', '1CT1', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot be undone: run the command again with --yes/);
    expect(patients(dataDir).map((p) => p.PatientID).sort()).toEqual(['1CT1', '4MR1']);
  });

  it('removes the patient from the list, the case file and the store folder; other patients stay', () => {
    // Failing: an erased patient still appears, or its files stay on disk, or another patient is hit.
    const run = runCli(['erase', '--patient', '1CT1', '--yes', '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ caseId, walTruncated: true });
    // Read before any later write (the listing below audits a search) grows the WAL again: without the
    // TRUNCATE checkpoint it would still hold the frames of the erase and of the key's earlier pages
    // (the connection held open here keeps SQLite from deleting the WAL when the CLI closes).
    expect(statSync(join(dataDir, 'library.sqlite-wal')).size).toBe(0);
    expect(patients(dataDir).map((p) => p.PatientID)).toEqual(['4MR1']);
    expect(existsSync(join(dataDir, 'cases', `${caseId}.sqlite`))).toBe(false);
    expect(existsSync(join(dataDir, 'dicom', caseId))).toBe(false);
  });

  it('leaves no wrapped key: no row, and no copy of its bytes in the decrypted library pages', () => {
    // Failing: someone with the library passphrase recovers the erased case key from the library file
    // (a deleted row's bytes left in the page's free space without secure_delete). Note: this SQLite
    // build also defaults to secure_delete, so this guards the build and the pragma together.
    expect(held.db.prepare('SELECT count(*) FROM case_keys WHERE case_id = ?').pluck().get(caseId)).toBe(0);
    held.db.pragma('wal_checkpoint(TRUNCATE)'); // later frames (search audits) into the file read below
    const plain = decryptedLibrary(dataDir, backup);
    expect(plain.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(plain.indexOf(wrappedKey)).toBe(-1);
    expect(plain.indexOf(wrappedKey.subarray(28))).toBe(-1); // the encrypted key body alone
  });

  it('makes the copies taken before the erase undecryptable with any key the data directory still holds', async () => {
    // Failing: an erased patient's images or records can be read back from an old copy of their files.
    const masterKey = unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE });
    const remaining = held.db.prepare('SELECT case_id, wrapped_key FROM case_keys').all() as Array<{ case_id: string; wrapped_key: Buffer }>;
    expect(remaining.length).toBe(1);
    for (const row of remaining) {
      expect(() => unwrapKey(masterKey, row.wrapped_key, caseId)).toThrow(); // bound to its own case id
      const otherKey = unwrapKey(masterKey, row.wrapped_key, row.case_id);
      expect(() => openReadable(join(backup, 'case.sqlite'), otherKey)).toThrow(/cannot be opened with this key/);
      for (const file of listFiles(join(backup, 'dicom'))) {
        const handle = await open(file, 'r');
        const reader = await CipherReader.open(handle, deriveSubkey(otherKey, 'dicom-store'), basename(file));
        await expect(reader.chunk(0)).rejects.toMatchObject({ code: 'store-corrupt' });
        await handle.close();
      }
    }
  });

  it("audits the erase by case id only, never the patient's name or ID, and the chain verifies", () => {
    // Failing: the audit trail of an erased patient still says who they were, or the erase is untraced.
    const row = held.db.prepare("SELECT * FROM audit_events WHERE action = 'case.erase'").get() as Record<string, string>;
    expect(row.case_id).toBe(caseId);
    expect(JSON.stringify(row)).not.toMatch(/1CT1|CompressedSamples/i);
    expect(JSON.parse(runCli(['audit', 'verify', '--data-dir', dataDir, '--json']).stdout).ok).toBe(true);
  });

  it('case.erase (API) refuses a typed Patient ID that differs with confirmation-mismatch, then erases', async () => {
    // Failing: the UI erases a patient although the user typed another patient's ID.
    const core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'test');
    const events: unknown[] = [];
    const ctx = { core, transport: 'web' as const, emit: (_e: string, payload: unknown) => void events.push(payload) };
    try {
      const mr = core.library.caseIds()[0] as string;
      const wrong = await dispatch('case.erase', { caseId: mr, confirmPatientId: '4MR2' }, ctx);
      expect(wrong).toMatchObject({ ok: false, error: { code: 'confirmation-mismatch' } });
      expect(core.library.hasCase(mr)).toBe(true);
      const right = await dispatch('case.erase', { caseId: mr, confirmPatientId: '4MR1' }, ctx);
      expect(right).toMatchObject({ ok: true, value: { caseId: mr } });
      expect(core.library.hasCase(mr)).toBe(false);
      expect(events).toEqual([{ caseIds: [mr] }]);
    } finally {
      await core.close();
    }
  });
});
