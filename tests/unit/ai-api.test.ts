// The AI tab's calls through the API dispatcher (issue 14, items 1, 5, 6), on a real data directory: the
// LIDC-IDRI-0314 chest CT and the GE head CT imported, ct-lung-emphysema imported with `precis models
// import`; models.list, the intended-use check before a run, a refused and a real run (analyze job in its
// child process, ~17 s), the runs listed with provenance, and a clinician's review audited in the case.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatcher.ts';
import type { HandlerContext } from '../../main/api/types.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { AnalyzeCheck, InferenceRunDetail, JobStatus, ModelSummary, ReviewedFinding } from '../../preload/api.ts';
import { cliImport, dicomData, lidcSeries, PASSPHRASE, removeTempDirs, repoRoot, runCli, tempDir } from './support/env.ts';

const HEAD = join(dicomData, 'dcm_qa_ct', 'GE');
const MODEL_DIR = join(repoRoot, 'models', 'ct-lung-emphysema');
const MODEL = 'ct-lung-emphysema';
const seriesOf = (folder: string): string => {
  const first = readdirSync(folder).filter((f) => f.endsWith('.dcm')).sort()[0] as string;
  return dicomParser.parseDicom(new Uint8Array(readFileSync(join(folder, first))), { untilTag: 'x7fe00010' }).string('x0020000e') as string;
};
const CHEST = seriesOf(lidcSeries);
const HEAD_SERIES = seriesOf(HEAD);

describe('the AI calls', () => {
  let dataDir = '';
  let core: Core;
  let ctx: HandlerContext;
  const caseOf: Record<string, string> = {};
  const call = async <T,>(channel: string, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };
  const open = (actor: string): void => {
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, actor);
    ctx = { core, transport: 'web', importRoots: [], emit: () => undefined };
  };
  const reviewAudit = (id: string): Array<{ actor: string; detail: { decision: string; position: number; note: string | null } }> =>
    (core.library.openCase(id).handles.read.prepare("SELECT actor, detail FROM case_audit WHERE action = 'inference.review' ORDER BY seq").all() as Array<{ actor: string; detail: string }>)
      .map((r) => ({ actor: r.actor, detail: JSON.parse(r.detail) as { decision: string; position: number; note: string | null } }));

  beforeAll(() => {
    dataDir = tempDir('ai-api');
    expect(cliImport(dataDir, [lidcSeries, HEAD]).report.imported).toBe(275 + 28);
    expect(runCli(['models', 'import', MODEL_DIR, '--data-dir', dataDir]).code).toBe(0);
    open('reader-1');
    for (const id of core.library.caseIds()) {
      const caseFile = core.library.openCase(id);
      if (caseFile.imaging.listInstances(CHEST).length > 0) caseOf.chest = id;
      if (caseFile.imaging.listInstances(HEAD_SERIES).length > 0) caseOf.head = id;
    }
  }, 120_000);

  afterAll(async () => {
    await core.close();
    removeTempDirs();
  });

  it('lists the imported model as precis models --json does, with its intended use and card', async () => {
    // Failing: the AI tab offers a model without saying what it is for, or differs from what the CLI verified.
    const models = await call<ModelSummary[]>('models.list', {});
    const cli = JSON.parse(runCli(['models', '--data-dir', dataDir, '--json']).stdout) as unknown[];
    expect(models.map(({ name, intendedUse, cardExcerpt, ...entry }) => entry)).toEqual(cli);
    expect(models[0]).toMatchObject({ id: MODEL, version: '1.0.0', status: 'ok', intendedUse: 'CT; CHEST or LUNG; slices 0.5-2.5 mm; without contrast' });
    expect(models[0]?.cardExcerpt).toMatch(/^# ct-lung-emphysema 1\.0\.0/);
  });

  it('refuses models.import by path outside the web host\'s import roots', async () => {
    // Failing: a web page could make the host read any folder of the machine as a model.
    await expect(call('models.import', { path: MODEL_DIR })).rejects.toMatchObject({ code: 'import-path-refused' });
  });

  it('warns before a run on the head CT and none on the chest CT, without running anything', async () => {
    // Failing: a chest model's numbers are offered for a head CT with no warning beforehand, or a chest CT is flagged for nothing.
    const chest = await call<AnalyzeCheck>('analyze.check', { caseId: caseOf.chest, SeriesInstanceUID: CHEST, modelId: MODEL });
    expect(chest.warnings).toEqual([]);
    const head = await call<AnalyzeCheck>('analyze.check', { caseId: caseOf.head, SeriesInstanceUID: HEAD_SERIES, modelId: MODEL });
    expect(head.warnings.join(' ')).toContain("The series' Body Part Examined is HEAD; the model is for CHEST or LUNG.");
    expect(head.warnings.length).toBeGreaterThan(1);
    expect(await call<InferenceRunDetail[]>('inference.list', { caseId: caseOf.head })).toEqual([]);
  });

  it('refuses analyze.start on the head CT without force, and starts no job', async () => {
    // Failing: a run outside the model's intended use starts without the clinician having chosen to run it anyway.
    await expect(call('analyze.start', { caseId: caseOf.head, SeriesInstanceUID: HEAD_SERIES, modelId: MODEL, force: false }))
      .rejects.toMatchObject({ code: 'intended-use-mismatch' });
    expect((await call<JobStatus[]>('jobs.list', {})).filter((j) => j.kind === 'analyze')).toEqual([]);
  });

  it('runs the model on the chest CT and lists the run with provenance, biomarkers and proposed findings', async () => {
    // Failing: a clinician cannot see which model file produced the numbers, or findings look decided before review.
    const { jobId } = await call<{ jobId: string }>('analyze.start', { caseId: caseOf.chest, SeriesInstanceUID: CHEST, modelId: MODEL, force: false });
    const status = await core.jobs.wait(jobId);
    expect(status.state).toBe('done');
    const [run] = await call<InferenceRunDetail[]>('inference.list', { caseId: caseOf.chest });
    expect(run).toMatchObject({ status: 'done', model: { id: MODEL, version: '1.0.0' }, SeriesInstanceUIDs: [CHEST], warnings: [], runtime: { name: 'onnxruntime-node' } });
    expect(run?.biomarkers?.map((b) => [b.name, b.unit])).toEqual([['lung volume', 'mL'], ['LAA-950', '%']]);
    expect(Math.abs((run?.biomarkers?.[0]?.value ?? 0) - 2864.5)).toBeLessThan(1);
    expect(run?.findings.map((f) => [f.label, f.review, f.reviewedBy, f.findingId])).toEqual([
      ['right lung', 'proposed', null, `${run?.runId}:1`],
      ['left lung', 'proposed', null, `${run?.runId}:2`],
    ]);
  }, 120_000);

  it('keeps each review decision with who and when, audited, the latest one winning across a restart', async () => {
    // Failing: a safety officer cannot tell who accepted an AI finding and when, or a changed decision is lost.
    const [run] = await call<InferenceRunDetail[]>('inference.list', { caseId: caseOf.chest });
    const findingId = run?.findings[0]?.findingId as string;
    const accepted = await call<ReviewedFinding>('inference.review', { caseId: caseOf.chest, findingId, decision: 'accepted' });
    expect(accepted).toMatchObject({ review: 'accepted', reviewedBy: 'reader-1', reviewNote: null });
    await core.close();
    open('reader-2');
    const rejected = await call<ReviewedFinding>('inference.review', { caseId: caseOf.chest, findingId, decision: 'rejected', note: 'includes the trachea' });
    expect(rejected).toMatchObject({ review: 'rejected', reviewedBy: 'reader-2', reviewNote: 'includes the trachea' });
    expect(Date.parse(rejected.reviewedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(accepted.reviewedAt ?? ''));
    const [again] = await call<InferenceRunDetail[]>('inference.list', { caseId: caseOf.chest });
    expect(again?.findings.map((f) => f.review)).toEqual(['rejected', 'proposed']);
    expect(reviewAudit(caseOf.chest as string)).toEqual([
      { actor: 'reader-1', detail: expect.objectContaining({ position: 1, decision: 'accepted', note: null }) },
      { actor: 'reader-2', detail: expect.objectContaining({ position: 1, decision: 'rejected', note: 'includes the trachea' }) },
    ]);
    await expect(call('inference.review', { caseId: caseOf.chest, findingId: `${run?.runId}:9`, decision: 'accepted' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
