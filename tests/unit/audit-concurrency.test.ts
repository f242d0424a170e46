// The audit chains under concurrent appenders (the CLI listing patients while the app answers searches):
// appends are serialised, so the chain never forks, and `precis audit verify` says so; an event edited
// with SQL through the key is reported with its seq and exit 1.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_CHAIN, checkChain, verifyAuditChain } from '../../main/security/repositories/auditChain.ts';
import { cliImport, openLibrary, pydicomFiles, removeTempDirs, runCli, tempDir } from './support/env.ts';
import { runAllAtOnce } from './support/processes.ts';

const PROCESSES = 8;
/** Appends made by this process to each chain while the others ran. */
let appended = 0;

afterAll(removeTempDirs);

describe('audit chains with several appenders at once', () => {
  const dataDir = tempDir('audit-race');
  let caseId: string;

  beforeAll(async () => {
    expect(cliImport(dataDir, [join(pydicomFiles, 'CT_small.dcm')]).code).toBe(0);
    const library = openLibrary(dataDir);
    caseId = library.caseIds()[0] as string;
    // Processes appending to the library chain (`patients`) and to the case chain (`series`), while this
    // process appends to both in between.
    const commands = Array.from({ length: PROCESSES }, (_, k) =>
      k % 2 ? ['patients', '--data-dir', dataDir] : ['series', caseId, '--data-dir', dataDir]);
    let done = false;
    const others = runAllAtOnce(commands).finally(() => (done = true));
    try {
      // Appends for as long as the other processes run (they start, unlock, append, exit).
      while (!done || appended < 50) {
        library.audit({ actor: 'test', action: 'case.open', caseId, detail: { k: appended } });
        library.openCase(caseId).audit('case.open', 'test', { k: appended });
        appended++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const run of await others) expect(run.code, run.stderr).toBe(0);
    } finally {
      library.close();
    }
  }, 120_000);

  it('precis audit verify: every chain intact, exit 0, with the rows it checked', () => {
    // Failing: two appenders at once fork the chain and the audit reports tampering nobody did.
    const run = runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; chains: Array<{ chain: string; checked: number; brokenAt: number | null }> };
    expect(result.ok).toBe(true);
    const library = result.chains.find((c) => c.chain === 'library');
    const ofCase = result.chains.find((c) => c.chain === caseId);
    // import started + finished, PROCESSES/2 searches, appended appends
    expect(library).toEqual({ chain: 'library', checked: 2 + PROCESSES / 2 + appended, brokenAt: null });
    // the series import, PROCESSES/2 listings, appended appends
    expect(ofCase).toEqual({ chain: caseId, checked: 1 + PROCESSES / 2 + appended, brokenAt: null });
    expect(runCli(['audit', 'verify', '--data-dir', dataDir]).stdout).toMatch(/all chains intact/);
  });

  it('a detail edited with SQL through the key is reported with its seq, exit 1', () => {
    // Failing: someone with the key rewrites who looked at a patient, and the check still passes.
    const library = openLibrary(dataDir);
    let seq: number;
    try {
      const db = library.openCase(caseId).db;
      seq = db.prepare("SELECT seq FROM case_audit WHERE action = 'case.open' ORDER BY seq LIMIT 1 OFFSET 10").pluck().get() as number;
      db.prepare('UPDATE case_audit SET detail = ? WHERE seq = ?').run(JSON.stringify({ k: -1 }), seq);
      expect(checkChain(db, CASE_CHAIN).brokenAt).toBe(seq);
      expect(verifyAuditChain(library.db)).toBeNull();
    } finally {
      library.close();
    }
    const json = runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as { ok: boolean; chains: Array<{ chain: string; brokenAt: number | null }> };
    expect(result.ok).toBe(false);
    expect(result.chains.find((c) => c.chain === caseId)?.brokenAt).toBe(seq);
    const text = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`case ${caseId}, at event seq ${seq}`);
    expect(text.stderr).toMatch(/audit-broken/);
  });
});
