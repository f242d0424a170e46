// Annotation and overrides as the CLI and the API call them: start the vcf-annotate job for a case, and
// record a clinician's override of a variant's tier or class (audited; the automatic call is kept).
import type { JobStatus, VariantAnnotation, VariantOverride } from '../../../preload/api.ts';
import type { Core } from '../../core.ts';
import { AppError } from '../../errors.ts';
import type { Library } from '../../library/library.ts';

export interface AnnotateHandle {
  jobId: string;
  finished: Promise<Extract<JobStatus, { kind: 'vcf-annotate' }>>;
}

export function startAnnotation(core: Core, request: { caseId: string; fileId?: number; packIds?: string[] }): AnnotateHandle {
  if (core.library.openCase(request.caseId).genomics.files().length === 0) {
    throw new AppError('not-found', 'This patient has no VCF attached: "precis vcf import <file> --patient ID" attaches one.');
  }
  const jobId = core.jobs.start('vcf-annotate', request, { actor: core.actor });
  return { jobId, finished: core.jobs.wait<'vcf-annotate'>(jobId) };
}

export interface ScoreHandle {
  jobId: string;
  finished: Promise<Extract<JobStatus, { kind: 'vcf-score' }>>;
}

/** Starts the vcf-score job (a child process): the case's variants scored, or the reason each file is not. */
export function startScoring(core: Core, request: { caseId: string; fileId?: number }): ScoreHandle {
  const jobId = core.jobs.start('vcf-score', request, { actor: core.actor });
  return { jobId, finished: core.jobs.wait<'vcf-score'>(jobId) };
}

/** One variant's annotation (its file's default where knowledge says nothing of it); null before annotation or for no such variant. */
export function variantAnnotation(library: Library, caseId: string, variantId: string): VariantAnnotation | null {
  const id = Number(variantId);
  const caseFile = library.openCase(caseId);
  const variant = caseFile.genomics.variantPage({ cursor: String(id - 1), limit: 1 }).items[0];
  return variant?.variantId === id ? caseFile.variantAnnotations.get(id, variant.fileId) : null;
}

const TIERS = ['Tier I', 'Tier II', 'Tier III', 'Tier IV'];
const CLASSES = ['pathogenic', 'likely pathogenic', 'VUS', 'likely benign', 'benign'];

/** 'Tier I' for 'I', 'tier i', 'Tier I'; a germline class as listed; null for anything else. */
export function overrideTierOf(text: string): string | null {
  const t = text.trim().replace(/\s+/g, ' ');
  const roman = t.replace(/^tier /i, '').toUpperCase();
  if (['I', 'II', 'III', 'IV'].includes(roman)) return `Tier ${roman}`;
  return CLASSES.find((c) => c.toLowerCase() === t.toLowerCase()) ?? null;
}

/** Records a clinician's override of an annotated variant; returns the annotation with it beside the automatic call. */
export function overrideCall(library: Library, caseId: string, variantId: string, tier: string, rationale: string, actor: string, at = new Date().toISOString()): VariantAnnotation {
  const annotations = library.openCase(caseId).variantAnnotations;
  const current = variantAnnotation(library, caseId, variantId);
  if (!current) throw new AppError('not-found', `Variant ${variantId} of this patient has no annotation to override: run "precis vcf annotate --patient ID" first ("precis variants --json" lists the variants with their ids).`);
  const chosen = overrideTierOf(tier);
  if (!chosen) throw new AppError('invalid-argument', `"${tier}" is not a tier or class: use one of ${[...TIERS, ...CLASSES].join(', ')}.`);
  const somatic = current.call.tier.startsWith('Tier');
  if (somatic !== chosen.startsWith('Tier')) throw new AppError('invalid-argument', `This variant is from a ${somatic ? 'somatic test: give a tier (Tier I-IV)' : 'germline test: give a class (pathogenic ... benign)'}, not "${tier}".`);
  if (rationale.trim().length === 0) throw new AppError('invalid-argument', 'An override needs a rationale: say why the automatic call is replaced.');
  const override: VariantOverride = { tier: chosen, rationale: rationale.trim(), by: actor, at };
  annotations.addOverride(Number(variantId), override, current.call.tier);
  return { ...current, override };
}
