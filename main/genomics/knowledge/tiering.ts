// The automatic call for a variant, with the rule that fired, in words.
// Somatic: AMP/ASCO/CAP 2017 (Li et al., J Mol Diagn 19:4-23) from CIViC evidence that supports a
// clinical meaning (direction 'Supports'; somatic origin): Tier I when level A/B evidence is in the
// patient's tumour type (level A or B); Tier II when A/B evidence is only in other tumour types (level
// C) or the evidence is C (level C) or D/E (level D; CIViC's E 'inferential' counts as D); otherwise
// Tier IV when ClinVar calls it benign or likely benign, else Tier III (unknown significance).
// Germline: the class ClinVar gives, with its review status.
import type { CivicEvidence, ClinvarCall, GermlineClass, VariantCall } from '../../../preload/api.ts';
import { diseaseMatches } from './tumourTypes.ts';

const TYPE_ORDER = ['Predictive', 'Diagnostic', 'Prognostic'];
const CLINICAL_TYPES = new Set(TYPE_ORDER);

const describe = (e: CivicEvidence): string =>
  `${e.evidenceId} (level ${e.level}, ${e.disease}${e.drugs.length > 0 ? `, ${e.drugs.join(' + ')}` : ''}, ${e.evidenceType.toLowerCase()}, ${e.clinicalSignificance})`;

export function germlineClassOf(significance: string): GermlineClass {
  const s = significance.toLowerCase();
  // 'Pathogenic/Likely pathogenic' is the stronger of the two; 'Conflicting classifications of
  // pathogenicity', 'drug response', 'not provided' and the like are of unknown significance.
  if (s.startsWith('pathogenic')) return 'pathogenic';
  if (s.startsWith('likely pathogenic')) return 'likely pathogenic';
  if (s.startsWith('benign/likely benign') || s.startsWith('likely benign')) return 'likely benign';
  if (s.startsWith('benign')) return 'benign';
  return 'VUS';
}

export function germlineCall(clinvar: ClinvarCall | null): VariantCall {
  if (!clinvar) return { tier: 'not in ClinVar', level: null, rule: 'No ClinVar record for this allele: unclassified.', flagged: false };
  const tier = germlineClassOf(clinvar.significance);
  const flagged = tier === 'pathogenic' || tier === 'likely pathogenic';
  return { tier, level: null, flagged, rule: `ClinVar ${clinvar.id}: ${clinvar.significance} (${clinvar.reviewStatus}, ${clinvar.stars} star${clinvar.stars === 1 ? '' : 's'}).` };
}

export function somaticCall(evidence: readonly CivicEvidence[], clinvar: ClinvarCall | null, tumourType: string | null): VariantCall {
  const usable = evidence.filter((e) => e.direction === 'Supports' && CLINICAL_TYPES.has(e.evidenceType) && !/germline/i.test(e.origin));
  const strong = usable.filter((e) => e.level === 'A' || e.level === 'B');
  const inTumour = strong.filter((e) => diseaseMatches(e.disease, tumourType));
  // The evidence the rule names: the strongest level, a therapy (predictive) before a diagnosis or prognosis.
  const best = (list: CivicEvidence[]): CivicEvidence => [...list].sort((a, b) => a.level.localeCompare(b.level) || TYPE_ORDER.indexOf(a.evidenceType) - TYPE_ORDER.indexOf(b.evidenceType))[0]!;
  if (inTumour.length > 0) {
    const e = best(inTumour);
    return { tier: 'Tier I', level: e.level, flagged: true, rule: `Tier I, level ${e.level}: CIViC level ${e.level} evidence in the patient's tumour type (${tumourType}): ${describe(e)}.` };
  }
  if (strong.length > 0) {
    const e = best(strong);
    const where = tumourType ? `not in ${tumourType}` : 'no tumour type given for the test';
    return { tier: 'Tier II', level: 'C', flagged: true, rule: `Tier II, level C: CIViC level ${e.level} evidence in another tumour type (${where}): ${describe(e)}.` };
  }
  const levelC = usable.filter((e) => e.level === 'C');
  if (levelC.length > 0) return { tier: 'Tier II', level: 'C', flagged: true, rule: `Tier II, level C: CIViC level C evidence: ${describe(best(levelC))}.` };
  const levelD = usable.filter((e) => e.level === 'D' || e.level === 'E');
  if (levelD.length > 0) return { tier: 'Tier II', level: 'D', flagged: true, rule: `Tier II, level D: CIViC level ${best(levelD).level} (preclinical or inferential) evidence: ${describe(best(levelD))}.` };
  const germline = clinvar ? germlineClassOf(clinvar.significance) : null;
  if (germline === 'benign' || germline === 'likely benign') {
    return { tier: 'Tier IV', level: null, flagged: false, rule: `Tier IV: no supporting CIViC evidence; ClinVar ${clinvar!.id} calls it ${clinvar!.significance} (${clinvar!.stars} stars).` };
  }
  return { tier: 'Tier III', level: null, flagged: false, rule: `Tier III: no supporting CIViC evidence for this allele${clinvar ? `; ClinVar ${clinvar.id}: ${clinvar.significance}` : ', none in ClinVar'} (unknown significance).` };
}
