// An update of Precis opens what the previous release wrote: the fixture is a data directory written by
// commit b591180 (library schema 1, case files schema 1, clear store). Opened with today's code, every
// migration runs once, the data is all there, the audit chains verify, and a second open changes nothing.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MIGRATIONS, LIBRARY_MIGRATIONS } from '../../main/library/migrations/index.ts';
import { openCore, type Core } from '../../main/core.ts';
import { removeTempDirs, repoRoot, runCli, tempDir } from './support/env.ts';

const FIXTURE = join(repoRoot, 'tests', 'fixtures', 'datadir-b591180');
const PASSPHRASE = 'fixture passphrase b591180';

describe('opening a data directory written by the previous release (b591180)', () => {
  let dataDir: string;
  let core: Core;

  beforeAll(() => {
    dataDir = tempDir('upgrade');
    cpSync(FIXTURE, dataDir, { recursive: true });
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'test');
  });

  afterAll(async () => {
    await core.close();
    removeTempDirs();
  });

  it('migrates the library and every case file to the latest schema', () => {
    // Failing: after an update, a radiologist's library does not open, or opens without new tables.
    expect(core.library.schemaVersion).toBe(LIBRARY_MIGRATIONS.length);
    expect(core.library.db.pragma('user_version', { simple: true })).toBe(LIBRARY_MIGRATIONS.length);
    for (const caseId of core.library.caseIds()) {
      expect(core.library.openCase(caseId).db.pragma('user_version', { simple: true })).toBe(CASE_MIGRATIONS.length);
    }
  });

  it('keeps every patient, study, series and instance, with the fields the old release stored', () => {
    // Failing: an update loses images, or lists them with empty descriptions.
    const patients = core.library.searchPatients('', 100);
    expect(patients.map((p) => [p.PatientID, p.PatientName, p.instanceCount]).sort()).toEqual([
      ['1CT1', 'CompressedSamples^CT1', 1],
      ['4MR1', 'CompressedSamples^MR1', 1],
    ]);
    for (const p of patients) {
      const imaging = core.library.openCase(p.caseId).imaging;
      const [study] = imaging.listStudies();
      const [series] = imaging.listSeries(study?.StudyInstanceUID ?? '');
      const [instance] = imaging.listInstances(series?.SeriesInstanceUID ?? '');
      expect(instance).toMatchObject({ displayable: true, Rows: p.PatientID === '1CT1' ? 128 : 64, PixelSpacing: null });
    }
  });

  it('verifies every audit chain (the old case audit rows were chained by the migration)', () => {
    // Failing: the first `precis audit verify` after an update reports tampering that never happened.
    expect(core.library.auditLog.check().brokenAt).toBeNull();
    for (const caseId of core.library.caseIds()) {
      const check = core.library.openCase(caseId).checkAudit();
      expect(check.brokenAt).toBeNull();
      expect(check.checked).toBeGreaterThan(0);
    }
  });

  it('records the one-time store encryption as done, so the next open does not visit every case again', async () => {
    // Failing: every start of a large library re-reads every case file.
    expect(core.library.maintenance.isDone('store-encrypted')).toBe(true);
    await core.close();
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'test');
    const rows = core.library.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'store.encrypt-clear'").pluck().get();
    expect(rows).toBe(1);
  });

  it('the CLI of this release lists the old patients and audit verify passes', () => {
    const patients = runCli(['patients', '--data-dir', dataDir, '--json'], { passphrase: PASSPHRASE });
    expect(patients.code, patients.stderr).toBe(0);
    expect((JSON.parse(patients.stdout) as unknown[]).length).toBe(2);
    const verify = runCli(['audit', 'verify', '--data-dir', dataDir, '--json'], { passphrase: PASSPHRASE });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});

describe('migrations belong to repositories', () => {
  it('every migration names the repository whose tables it makes', () => {
    // Failing: a capability's tables come from a migration nobody owns.
    for (const m of [...LIBRARY_MIGRATIONS, ...CASE_MIGRATIONS]) expect(m.repository, m.name).toMatch(/^[a-z-]+$/);
  });
});
