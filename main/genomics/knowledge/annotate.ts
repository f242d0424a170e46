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

export function annotateAllele(knowledge: Knowledge, test: TestContext, chrom: string, pos: number, ref: string, alt: string): KnowledgeAnnotation {
  const clinvar = knowledge.clinvar?.get(chrom, pos, ref, alt) ?? null;
  const civic = knowledge.civic?.evidenceFor(chrom, pos, ref, alt) ?? [];
  const call = test.testType === 'somatic' ? somaticCall(civic, clinvar, test.tumourType) : germlineCall(clinvar);
  return { clinvar, civic, call };
}
