// `precis vcf annotate --patient ID`: the patient's variants annotated with the knowledge packs (ClinVar,
// CIViC), tiered or classed with the rule that fired, in the vcf-annotate job; `precis variants override`:
// a clinician's tier or class with a rationale, audited, kept beside the automatic call.
import type { VcfAnnotateResult, VcfScoreResult } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { findCase } from '../../services/findCase.ts';
import { overrideCall, startAnnotation, startScoring } from '../../services/knowledge/index.ts';

function scoreText(result: VcfScoreResult): string[] {
  return result.files.map((f) => `file ${f.fileId}: ${f.model ? `${f.scored} of ${f.variants} variants scored by ${f.model.id} ${f.model.version} (a ranking aid for review, not a classification)` : `not scored: ${f.note}`}`);
}

function text(result: VcfAnnotateResult, scoring: VcfScoreResult | null): string {
  const lines: string[] = [];
  for (const f of result.files) {
    const calls = Object.entries(f.calls).map(([tier, n]) => `${tier} ${n}`).join(', ');
    lines.push(`file ${f.fileId} (${f.build}, ${f.testType}${f.tumourType ? `, ${f.tumourType}` : ''}): ${f.variants} variants, ${f.clinvarMatches} in ClinVar, ${f.civicMatches} with CIViC evidence; ${calls || 'no calls'}`);
    for (const p of f.packs) lines.push(`  used ${p.id} (${p.source} ${p.releaseDate ?? 'undated'}, ${p.build})`);
    for (const r of f.refused) lines.push(`  REFUSED ${r.packId}: ${r.message}`);
    if (f.geneNote) lines.push(`  ${f.geneNote}`);
  }
  if (scoring) lines.push(...scoreText(scoring));
  return `${lines.join('\n')}\n`;
}

export const vcfAnnotateCommand: CliCommand = {
  name: 'vcf annotate',
  summary: "annotate a patient's variants with the knowledge packs: ClinVar, CIViC evidence, AMP/ASCO/CAP tier or germline class; then score them with the imported variant-scoring model",
  flags: { patient: { type: 'string' }, pack: { type: 'string', multiple: true } },
  flagHelp: [
    '--patient ID   the patient (PatientID or case id)',
    '--pack ID      use this pack (repeatable; else the newest of each kind); one of another build is refused',
  ],
  jsonShape: '{ caseId, cancelled, files: [{ fileId, build, testType, tumourType, variants, clinvarMatches, civicMatches, calls: { [tier]: n }, packs: [{ id, kind, source, releaseDate, build }], refused: [{ packId, code, message }], geneNote }], scoring: { caseId, cancelled, files: [{ fileId, build, variants, scored, model: { id, version, sha256 } | null, note }] } | null }',
  async run({ values, json, openCore }) {
    if (typeof values.patient !== 'string') throw new AppError('usage', 'precis vcf annotate needs --patient <id>.');
    const core = await openCore();
    const packIds = Array.isArray(values.pack) ? values.pack : [];
    const handle = startAnnotation(core, { caseId: findCase(core.library, values.patient), ...(packIds.length > 0 ? { packIds } : {}) });
    const showProgress = process.stderr.isTTY && !json;
    const stop = core.jobs.onChange((status) => {
      if (showProgress && status.jobId === cancelJob && status.state === 'running') process.stderr.write(`\r${status.phase} ${status.done}/${status.total}   `);
    });
    let cancelJob = handle.jobId;
    const onSignal = (): void => void core.jobs.cancel(cancelJob);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const status = await handle.finished;
    // Scoring after annotation, in its own child process (onnxruntime); a cancelled annotation is not scored.
    let scoring: Awaited<ReturnType<typeof startScoring>['finished']> | null = null;
    if (status.report && !status.report.cancelled) {
      const scoreHandle = startScoring(core, { caseId: status.report.caseId });
      cancelJob = scoreHandle.jobId;
      scoring = await scoreHandle.finished;
    }
    stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (showProgress) process.stderr.write('\n');
    if (!status.report) throw new AppError(status.error?.code ?? 'job-failed', status.error?.message ?? 'The annotation failed.');
    if (scoring && !scoring.report) throw new AppError(scoring.error?.code ?? 'job-failed', `The variants were annotated, but scoring failed: ${scoring.error?.message ?? 'no report'}`);
    const scored = scoring?.report ?? null;
    process.stdout.write(json ? `${JSON.stringify({ ...status.report, scoring: scored })}\n` : text(status.report, scored));
    return status.report.cancelled || scored?.cancelled ? 130 : 0;
  },
};

export const variantsOverrideCommand: CliCommand = {
  name: 'variants override',
  summary: "replace a variant's automatic tier or class with a clinician's, with a rationale (audited; the automatic call is kept beside it)",
  flags: { patient: { type: 'string' }, variant: { type: 'string' }, tier: { type: 'string' }, rationale: { type: 'string' } },
  flagHelp: [
    '--patient ID --variant VID   the patient and the variant (its variantId in precis variants --json)',
    '--tier X                     Tier I-IV (somatic) or pathogenic, likely pathogenic, VUS, likely benign, benign (germline)',
    '--rationale TEXT             why',
  ],
  jsonShape: '{ variantId, clinvar, civic, gene, region, geneNote, call: { tier, level, rule, flagged }, override: { tier, rationale, by, at }, packs }',
  async run({ values, json, openCore }) {
    const { patient, variant, tier, rationale } = values;
    if (typeof patient !== 'string' || typeof variant !== 'string' || typeof tier !== 'string' || typeof rationale !== 'string') {
      throw new AppError('usage', 'precis variants override needs --patient <id> --variant <variantId> --tier <tier> --rationale <text>.');
    }
    const core = await openCore();
    const result = overrideCall(core.library, findCase(core.library, patient), variant, tier, rationale, core.actor);
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : `variant ${variant}: ${result.override!.tier} (automatic: ${result.call.tier}) by ${result.override!.by}: ${result.override!.rationale}\n`);
    return 0;
  },
};
