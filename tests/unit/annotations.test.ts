// Annotations in the case file (issue 13): what a reader draws is kept exactly (points to the bit, its
// statistics, author and times), survives a restart, travels with a case export, is audited, can never be
// filed under another patient's case, and `precis annotations --json` prints it in the shape.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatcher.ts';
import type { HandlerContext } from '../../main/api/types.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { AnnotationInput, AnnotationRecord } from '../../preload/api.ts';
import { cliEnv, cliImport, PASSPHRASE, pydicomFiles, removeTempDirs, repoRoot, runCli, tempDir } from './support/env.ts';

const CT_SMALL = join(pydicomFiles, 'CT_small.dcm');
const MR_SMALL = join(pydicomFiles, 'MR_small.dcm');
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const MR_SOP = '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457';

const length: AnnotationInput = {
  annotationUID: 'a0f1c7e2-5d0b-4b8e-9a55-1c1e2f3a4b5c',
  tool: 'Length',
  SOPInstanceUID: CT_SOP,
  frame: 1,
  SeriesInstanceUID: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322',
  FrameOfReferenceUID: '1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322',
  // Values that do not round-trip through a decimal string of a few digits.
  points: [[-158.135803 + 1e-9, -179.035797 / 3, -75.699997], [-101.2345678901234, -112.1 + Math.PI / 1000, -75.699997]],
  geometry: { viewPlaneNormal: [0, 0, -1], viewUp: [0, -1, 0], textBox: [-90.5, -100.25, -75.7] },
  label: 'RUL nodule',
  stats: { length: 61.123456789, lengthUnit: 'mm' },
};

describe('annotations', () => {
  let dataDir: string;
  let core: Core;
  let ctx: HandlerContext;
  let ctCase: string;
  let mrCase: string;
  const call = async <T,>(channel: string, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };
  const reopen = async (): Promise<void> => {
    await core.close();
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'reader-2');
    ctx = { core, transport: 'web', emit: () => undefined };
  };

  beforeAll(async () => {
    dataDir = tempDir('annotations');
    expect(cliImport(dataDir, [CT_SMALL, MR_SMALL]).report.imported).toBe(2);
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'reader-1');
    ctx = { core, transport: 'web', emit: () => undefined };
    const caseOf = (sop: string): string => core.library.searchPatients('', 10).map((p) => p.caseId).find((id) => core.library.openCase(id).imaging.storePath(sop)) ?? '';
    ctCase = caseOf(CT_SOP);
    mrCase = caseOf(MR_SOP);
  });

  afterAll(async () => {
    await core.close();
    removeTempDirs();
  });

  it('keeps a measurement exactly, with its author and times, across a restart', async () => {
    // Failing: a measurement moves, changes value or loses who made it when the app is restarted.
    const saved = await call<AnnotationRecord>('annotations.save', { caseId: ctCase, annotation: length });
    expect(saved).toMatchObject({ ...length, author: 'reader-1', modifiedBy: 'reader-1' });
    expect(saved.createdAt).toBe(saved.modifiedAt);
    await reopen();
    const [back] = await call<AnnotationRecord[]>('annotations.list', { caseId: ctCase });
    expect(back).toEqual(saved);
    // Bit for bit, not to a few decimals.
    expect(back?.points.flat()).toEqual(length.points.flat());
  });

  it('a change by another reader keeps the author and creation time and records who changed it', async () => {
    // Failing: editing a colleague's measurement makes it look as if the editor had drawn it.
    const moved = { ...length, points: [[1, 2, 3], [4, 5, 6]] as AnnotationInput['points'], stats: { length: 5.196152, lengthUnit: 'mm' } };
    const changed = await call<AnnotationRecord>('annotations.save', { caseId: ctCase, annotation: moved });
    expect(changed).toMatchObject({ author: 'reader-1', modifiedBy: 'reader-2', points: moved.points, stats: moved.stats });
    expect(changed.modifiedAt >= changed.createdAt).toBe(true);
    expect(await call('annotations.list', { caseId: ctCase })).toHaveLength(1);
    await call('annotations.save', { caseId: ctCase, annotation: length });
  });

  it('refuses a measurement on an image of another patient, and malformed geometry', async () => {
    // Failing: a measurement of one patient is filed in another patient's case.
    await expect(call('annotations.save', { caseId: mrCase, annotation: length })).rejects.toMatchObject({ code: 'not-found' });
    const bad = { ...length, annotationUID: 'bad-1', points: [[Number.NaN, 0, 0]] };
    await expect(call('annotations.save', { caseId: ctCase, annotation: bad })).rejects.toMatchObject({ code: 'invalid-argument' });
    const extra = { ...length, annotationUID: 'bad-2', script: '<img onerror=1>' };
    await expect(call('annotations.save', { caseId: ctCase, annotation: extra })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(await call('annotations.list', { caseId: mrCase })).toEqual([]);
  });

  it('a measurement made a target finding keeps its label, location and flag, in its study, audited', async () => {
    // Failing: a lesion the oncologist follows loses its name or its target flag, or its study.
    const finding = { label: 'RUL nodule', location: 'right upper lobe', target: true };
    const made = await call<AnnotationRecord>('annotations.setFinding', { caseId: ctCase, annotationUID: length.annotationUID, finding });
    expect(made).toMatchObject({ finding, StudyInstanceUID: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322', points: length.points });
    await expect(call('annotations.setFinding', { caseId: ctCase, annotationUID: 'none', finding })).rejects.toMatchObject({ code: 'not-found' });
    const rows = core.library.openCase(ctCase).handles.read.prepare("SELECT action FROM case_audit WHERE action LIKE 'finding.%'").pluck().all();
    expect(rows).toEqual(['finding.set']);
  });

  it('audits every save and deletion in the case', async () => {
    // Failing: a measurement can be changed or removed without a trace.
    const probe = { ...length, annotationUID: 'probe-1', tool: 'Probe', points: [[0, 0, -75.7]] as AnnotationInput['points'], stats: { value: 12.5, valueUnit: 'HU' } };
    await call('annotations.save', { caseId: ctCase, annotation: probe });
    expect(await call('annotations.delete', { caseId: ctCase, annotationUID: 'probe-1' })).toEqual({ deleted: true });
    expect(await call('annotations.delete', { caseId: ctCase, annotationUID: 'probe-1' })).toEqual({ deleted: false });
    const rows = core.library.openCase(ctCase).handles.read.prepare("SELECT actor, action, detail FROM case_audit WHERE action LIKE 'annotation.%' ORDER BY seq").all() as Array<{ actor: string; action: string; detail: string }>;
    expect(rows.map((r) => `${r.actor} ${r.action}`)).toEqual(['reader-1 annotation.create', 'reader-2 annotation.modify', 'reader-2 annotation.modify', 'reader-2 annotation.create', 'reader-2 annotation.delete']);

    expect(core.library.openCase(ctCase).checkAudit().brokenAt).toBeNull();
  });

  it('precis annotations --json prints each annotation in the shape issue 13 names', async () => {
    // Failing: scripts that read measurements from the command line break, or read pixels instead of mm.
    await core.close();
    const run = runCli(['annotations', '--patient', ctCase, '--data-dir', dataDir, '--json']);
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'reader-2');
    ctx = { core, transport: 'web', emit: () => undefined };
    expect(run.code, run.stderr).toBe(0);
    const [only, ...rest] = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      tool: 'Length', sopInstanceUID: CT_SOP, frame: 1, frameOfReferenceUID: length.FrameOfReferenceUID,
      points: length.points, stats: { length: 61.123456789, lengthUnit: 'mm' }, author: 'reader-1',
      studyInstanceUID: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322', finding: { label: 'RUL nodule', location: 'right upper lobe', target: true },
    });
    const text = runCli(['annotations', '--patient', ctCase, '--data-dir', dataDir]);
    expect(text.stdout).toMatch(/^Length "RUL nodule": length 61\.12 mm; image /);
  });

  it('travels with the case: export, then import into another data directory, gives the same annotations', async () => {
    // Failing: a case sent to another hospital arrives without its measurements.
    const before = await call<AnnotationRecord[]>('annotations.list', { caseId: ctCase });
    await core.close();
    const file = join(tempDir('annotations-export'), 'ct.precis-case');
    const env = { ...cliEnv(), PRECIS_EXPORT_PASSPHRASE: 'courier pigeon lighthouse 42' };
    const cli = (args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join(repoRoot, 'bin', 'precis.mjs'), ...args], { cwd: repoRoot, env, encoding: 'utf8' });
    const exported = cli(['export', 'case', '--patient', ctCase, '--out', file, '--data-dir', dataDir, '--json']);
    expect(exported.status, String(exported.stderr)).toBe(0);
    const target = tempDir('annotations-target');
    const imported = cli(['import', 'case', file, '--data-dir', target, '--json']);
    expect(imported.status, String(imported.stderr)).toBe(0);
    const listed = runCli(['annotations', '--patient', '1CT1', '--data-dir', target, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const there = JSON.parse(listed.stdout) as Array<{ points: unknown; stats: unknown; author: string }>;
    expect(there.map((a) => [a.points, a.stats, a.author])).toEqual(before.map((a) => [a.points, a.stats, a.author]));
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'reader-2');
    ctx = { core, transport: 'web', emit: () => undefined };
  });
});
