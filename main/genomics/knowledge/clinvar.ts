// The ClinVar VCF as an index keyed by the normalised allele (chromosome without `chr`, minimal
// alleles; alleles.ts), streamed from the release as NCBI ships it (plain gzip, not BGZF, so there is
// no tabix index to use). The first record of an allele wins, as in `bcftools annotate`.
import type { ClinvarCall } from '../../../preload/api.ts';
import { alleleKey, isSequenceAllele } from './alleles.ts';
import { readLines } from './lines.ts';

/** ClinVar's gold stars per review status (https://www.ncbi.nlm.nih.gov/clinvar/docs/review_status/). */
const STARS: Record<string, number> = {
  practice_guideline: 4,
  reviewed_by_expert_panel: 3,
  'criteria_provided,_multiple_submitters,_no_conflicts': 2,
  'criteria_provided,_multiple_submitters': 2,
  'criteria_provided,_conflicting_classifications': 1,
  'criteria_provided,_conflicting_interpretations': 1,
  'criteria_provided,_single_submitter': 1,
};

export function starsOf(reviewStatus: string): number {
  return STARS[reviewStatus.replaceAll(' ', '_')] ?? 0;
}

function infoField(info: string, name: string): string | null {
  const at = info.startsWith(`${name}=`) ? 0 : info.indexOf(`;${name}=`);
  if (at < 0) return null;
  const start = at === 0 ? name.length + 1 : at + name.length + 2;
  const end = info.indexOf(';', start);
  return info.slice(start, end < 0 ? undefined : end);
}

const words = (value: string): string => decodeURIComponent(value.replaceAll('_', ' ').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));

/** CLNSIG and CLNREVSTAT as written (ONC and ONCREVSTAT when it carries only an oncogenicity classification). */
function rawCallOf(info: string): [string, string] {
  return [infoField(info, 'CLNSIG') ?? infoField(info, 'ONC') ?? 'not_provided', infoField(info, 'CLNREVSTAT') ?? infoField(info, 'ONCREVSTAT') ?? 'no_assertion_criteria_provided'];
}

function callOf(id: string, significance: string, status: string): ClinvarCall {
  return { id, significance: words(significance), reviewStatus: words(status).replaceAll(' ,', ','), stars: starsOf(status) };
}

export interface ClinvarIndex {
  /** The header's ##fileDate and ##reference, as written. */
  fileDate: string | null;
  reference: string | null;
  size: number;
  get(chrom: string, pos: number, ref: string, alt: string): ClinvarCall | null;
}

/** Streams `path` (a ClinVar VCF, gzip or plain) into an index. */
export async function loadClinvar(path: string, signal?: AbortSignal): Promise<ClinvarIndex> {
  // ID, CLNSIG and CLNREVSTAT kept as written; put into words only for the alleles a patient has.
  const calls = new Map<string, [string, string, string]>();
  let fileDate: string | null = null;
  let reference: string | null = null;
  for await (const line of readLines(path, signal)) {
    if (line.startsWith('#')) {
      if (line.startsWith('##fileDate=')) fileDate = line.slice(11).trim();
      else if (line.startsWith('##reference=')) reference = line.slice(12).trim();
      continue;
    }
    const f = line.split('\t', 8);
    const [chrom, pos, id, ref, alts, , , info] = f;
    if (info === undefined || chrom === undefined || pos === undefined || ref === undefined || alts === undefined) continue;
    for (const alt of alts.split(',')) {
      if (!isSequenceAllele(alt) || !isSequenceAllele(ref)) continue;
      const key = alleleKey(chrom, Number(pos), ref, alt);
      if (!calls.has(key)) calls.set(key, [id ?? '.', ...rawCallOf(info)]);
    }
  }
  return {
    fileDate,
    reference,
    size: calls.size,
    get: (chrom, pos, ref, alt) => {
      const found = calls.get(alleleKey(chrom, pos, ref, alt));
      return found ? callOf(...found) : null;
    },
  };
}
