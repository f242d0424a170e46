// The CIViC monthly dump (v1 column layout, GRCh37): clinical evidence joined to its variant's
// coordinates, indexed by the allele without its anchor base (CIViC writes deletions as ref 'AT',
// var ''). Columns are found by their header name; the extra TAB-joined URL fields some variant rows
// carry come after the named columns and are ignored. Evidence of variants without coordinates
// (amplifications, fusions, 'EXON 11 MUTATION') cannot be matched to an allele and is only counted.
import { readFileSync } from 'node:fs';
import type { CivicEvidence } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { bareAllele, normaliseChrom } from './alleles.ts';

type Row = (name: string) => string;

function table(path: string, needed: string[]): Row[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split('\t');
  const missing = needed.filter((n) => !header.includes(n));
  if (missing.length > 0) throw new AppError('knowledge-pack-invalid', `${path} is not a CIViC summary: no column ${missing.join(', ')}.`);
  const column = new Map(header.map((name, i) => [name, i]));
  return lines.slice(1).map((line) => {
    const fields = line.split('\t');
    return (name: string) => (fields[column.get(name) ?? -1] ?? '').trim();
  });
}

export const CIVIC_VARIANT_COLUMNS = ['variant_id', 'gene', 'variant', 'chromosome', 'start', 'stop', 'reference_bases', 'variant_bases', 'reference_build'];
export const CIVIC_EVIDENCE_COLUMNS = ['evidence_id', 'variant_id', 'disease', 'drugs', 'evidence_type', 'evidence_direction', 'evidence_level', 'clinical_significance', 'evidence_status', 'citation_id', 'source_type', 'citation', 'variant_origin'];

export interface CivicIndex {
  evidenceCount: number;
  /** Evidence rows whose variant has no allele (no coordinates, or no ref/var bases). */
  unplacedEvidence: number;
  variantCount: number;
  evidenceFor(chrom: string, pos: number, ref: string, alt: string): CivicEvidence[];
}

const keyOf = (chrom: string, pos: number, ref: string, alt: string): string => {
  const a = bareAllele(pos, ref, alt);
  return `${normaliseChrom(chrom)}:${a.pos}:${a.ref}:${a.alt}`;
};

function evidenceOf(r: Row, gene: string, variant: string): CivicEvidence {
  const source = r('source_type') === 'ASCO' ? `ASCO ${r('asco_abstract_id') || r('citation_id')}` : `${r('source_type') || 'PubMed'} ${r('citation_id')}`;
  return {
    evidenceId: `EID${r('evidence_id')}`, gene, variant, disease: r('disease'),
    drugs: r('drugs') ? r('drugs').split(',').map((d) => d.trim()).filter(Boolean) : [],
    evidenceType: r('evidence_type'), level: r('evidence_level'), direction: r('evidence_direction'),
    clinicalSignificance: r('clinical_significance'), origin: r('variant_origin'), source, citation: r('citation'),
  };
}

export function loadCivic(variantTsv: string, evidenceTsv: string): CivicIndex {
  const alleleOf = new Map<string, { key: string; gene: string; variant: string }>();
  const variants = table(variantTsv, CIVIC_VARIANT_COLUMNS);
  for (const v of variants) {
    const ref = v('reference_bases');
    const alt = v('variant_bases');
    const start = Number(v('start'));
    if (!v('chromosome') || !Number.isInteger(start) || start < 1 || (!ref && !alt) || !/^[ACGTN]*$/i.test(ref + alt)) continue;
    // An insertion (no reference bases) sits between start and stop: its bare position is stop.
    const pos = ref ? start : Number(v('stop'));
    alleleOf.set(v('variant_id'), { key: `${normaliseChrom(v('chromosome'))}:${pos}:${ref.toUpperCase()}:${alt.toUpperCase()}`, gene: v('gene'), variant: v('variant') });
  }
  const byAllele = new Map<string, CivicEvidence[]>();
  let evidenceCount = 0;
  let unplacedEvidence = 0;
  for (const e of table(evidenceTsv, CIVIC_EVIDENCE_COLUMNS)) {
    if (e('evidence_status') && e('evidence_status') !== 'accepted') continue;
    evidenceCount += 1;
    const allele = alleleOf.get(e('variant_id'));
    if (!allele) {
      unplacedEvidence += 1;
      continue;
    }
    const list = byAllele.get(allele.key) ?? [];
    list.push(evidenceOf(e, allele.gene, allele.variant));
    byAllele.set(allele.key, list);
  }
  return {
    evidenceCount,
    unplacedEvidence,
    variantCount: variants.length,
    evidenceFor: (chrom, pos, ref, alt) => byAllele.get(keyOf(chrom, pos, ref, alt)) ?? [],
  };
}
