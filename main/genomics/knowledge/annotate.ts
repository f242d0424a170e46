// One variant's annotation from the loaded knowledge: its ClinVar record, its CIViC evidence and the
// call (somatic tier or germline class) with the rule that fired. Pure: the job feeds it variants.
import type { CivicEvidence, ClinvarCall, VariantCall } from '../../../preload/api.ts';
import type { CivicIndex } from './civic.ts';
import type { ClinvarIndex } from './clinvar.ts';
import { germlineCall, somaticCall } from './tiering.ts';

export interface Knowledge {
  clinvar: ClinvarIndex | null;
  civic: CivicIndex | null;
}

export interface TestContext {
  testType: 'germline' | 'somatic';
  /** Free text or an OncoTree code; null when the test gives none. */
  tumourType: string | null;
}

export interface KnowledgeAnnotation {
  clinvar: ClinvarCall | null;
  civic: CivicEvidence[];
  call: VariantCall;
}

/** The call for an allele no knowledge mentions: the same for every such variant of a test. */
export function defaultCall(test: TestContext): VariantCall {
  return test.testType === 'somatic' ? somaticCall([], null, test.tumourType) : germlineCall(null);
}

/** `unknown`: what to return when no knowledge mentions the allele (the test's defaultCall), saving a call per variant. */
export function annotateAllele(knowledge: Knowledge, test: TestContext, chrom: string, pos: number, ref: string, alt: string, unknown?: KnowledgeAnnotation): KnowledgeAnnotation {
  const clinvar = knowledge.clinvar?.get(chrom, pos, ref, alt) ?? null;
  const civic = knowledge.civic?.evidenceFor(chrom, pos, ref, alt) ?? [];
  if (unknown && clinvar === null && civic.length === 0) return unknown;
  const call = test.testType === 'somatic' ? somaticCall(civic, clinvar, test.tumourType) : germlineCall(clinvar);
  return { clinvar, civic, call };
}

/** True when no knowledge mentions the allele: its annotation is the test's default (not stored per variant). */
export function isUnannotated(a: KnowledgeAnnotation): boolean {
  return a.clinvar === null && a.civic.length === 0;
}
