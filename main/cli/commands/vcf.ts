// `precis vcf import <file> --patient ID` and `precis variants --patient ID` (issue 15, item 7): attach
// a sequencing result to a patient's case (the case is created when absent) through the vcf-import
// job, and list the variants it holds.
import { resolve } from 'node:path';
import type { GenomeBuild, TestType, VcfImportResult } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { findCase } from '../../services/findCase.ts';
import { allVariantsJson, startVcfImport } from '../../services/genomics/index.ts';

const BUILDS: readonly GenomeBuild[] = ['GRCh37', 'GRCh38'];
const TEST_TYPES: readonly TestType[] = ['germline', 'somatic'];

function importJson(result: VcfImportResult): string {
  return JSON.stringify({ caseId: result.caseId, cancelled: result.cancelled, ...result.file });
}

function importText(result: VcfImportResult): string {
  const f = result.file;
  if (!f) return 'cancelled: nothing was imported\n';
  const lines = [`${f.name}: ${f.variants} variants of sample ${f.sample ?? '(sites only)'} (${f.records} records, ${f.build}, ${f.testType}${f.tumourType ? `, ${f.tumourType}` : ''}) into case ${result.caseId}`];
  for (const s of f.skippedLines) lines.push(`  skipped line ${s.line}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}

function optionOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new AppError('usage', `--${flag} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

export const vcfImportCommand: CliCommand = {
  name: 'vcf import',
  params: '<file>',
  summary: "attach a VCF (plain or .vcf.gz) to a patient's case: the variants its sample carries",
  flags: {
    patient: { type: 'string' }, sample: { type: 'string' }, build: { type: 'string' }, 'test-type': { type: 'string' },
    'tumour-type': { type: 'string' }, 'skip-bad-lines': { type: 'boolean', default: false },
  },
  flagHelp: [
    '--patient ID              the patient (case id or PatientID); a new case is made for a new PatientID',
    '--sample S                the sample to import (required for a multi-sample file; the error lists them)',
    '--build GRCh37|GRCh38     the genome build, when the header does not say',
    '--test-type germline|somatic   (default germline); --tumour-type T for a somatic test (text or OncoTree code)',
    '--skip-bad-lines          import the readable lines and list the bad ones (default: stop, import nothing)',
  ],
  jsonShape: '{ caseId, cancelled, fileId, sha256, name, sample, build, testType, tumourType, importedAt, importedBy, records, variants, skippedLines: [{ line, reason }] }',
  async run({ args, values, json, openCore }) {
    const file = args[0];
    const patient = values.patient;
    if (!file || typeof patient !== 'string') throw new AppError('usage', 'precis vcf import needs a file and --patient <id>.');
    const build = optionOf(values.build, BUILDS, 'build');
    const testType = optionOf(values['test-type'], TEST_TYPES, 'test-type') ?? 'germline';
    const core = await openCore();
    const handle = startVcfImport(core, {
      patient, path: resolve(file), testType, skipBadLines: values['skip-bad-lines'] === true,
      ...(typeof values.sample === 'string' ? { sample: values.sample } : {}),
      ...(build ? { build } : {}),
      ...(typeof values['tumour-type'] === 'string' ? { tumourType: values['tumour-type'] } : {}),
    });
    const onSignal = (): void => void core.jobs.cancel(handle.jobId);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const status = await handle.finished;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!status.report) throw new AppError(status.error?.code ?? 'job-failed', status.error?.message ?? 'The VCF import failed.');
    process.stdout.write(json ? `${importJson(status.report)}\n` : importText(status.report));
    return status.report.cancelled ? 130 : 0;
  },
};

export const variantsCommand: CliCommand = {
  name: 'variants',
  summary: "list a patient's variants (from the VCFs attached to the case), in file order",
  flags: { patient: { type: 'string' } },
  flagHelp: ['--patient ID   the patient (case id or PatientID)'],
  jsonShape: '[{ chrom, pos, ref, alt, gene, genotype, vaf, clinvar: { id, significance, reviewStatus } | null, tier, score, scoreNote, variantId, rule, override: { tier, rationale, by, at } | null, civic: [{ evidenceId, disease, drugs, level, direction, evidenceType, clinicalSignificance, source }] }]',
  async run({ values, json, openCore }) {
    if (typeof values.patient !== 'string') throw new AppError('usage', 'precis variants needs --patient <id>.');
    const core = await openCore();
    const variants = allVariantsJson(core.library, findCase(core.library, values.patient));
    if (json) process.stdout.write(`${JSON.stringify(variants)}\n`);
    else {
      for (const v of variants) process.stdout.write(`${v.chrom}:${v.pos} ${v.ref}>${v.alt}  ${v.genotype ?? '-'}  VAF ${v.vaf === null ? '-' : v.vaf.toFixed(3)}${v.tier ? `  ${v.tier}${v.override ? ` (override: ${v.override.tier})` : ''}` : ''}${v.clinvar ? `  ClinVar ${v.clinvar.id} ${v.clinvar.significance}` : ''}  [${v.variantId}]\n`);
      if (variants.length === 0) process.stdout.write('no variants\n');
    }
    return 0;
  },
};
