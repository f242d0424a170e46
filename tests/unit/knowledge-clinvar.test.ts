// ClinVar matching against the reference (issue 15, acceptance 3): the ClinVar calls Precis finds for
// a VCF equal what `bcftools annotate` finds with the same ClinVar file once both sides are
// normalised with `bcftools norm`: same variants, same ClinVar IDs, same significance.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalAllele, normaliseChrom } from '../../main/genomics/knowledge/alleles.ts';
import { loadClinvar, type ClinvarIndex } from '../../main/genomics/knowledge/clinvar.ts';
import { readLines } from '../../main/genomics/knowledge/lines.ts';
import { bcftoolsMatches, bgzipped, normalised, type Match } from './support/bcftoolsAnnotate.ts';
import { removeTempDirs, sharedData, tempDir } from './support/env.ts';

const genomics = join(sharedData, 'genomics');
const CLINVAR = join(genomics, 'clinvar-20260226-cancer-genes', 'clinvar.vcf.gz');
const FASTA = join(genomics, 'grch38-cancer-regions', 'GRCh38_cancer_regions.fa');
/** The regions of the FASTA: sequence name, chromosome, first position (1-based) and length. */
const REGIONS = [['chr17:7651779-7697538', '17', 7651779, 45760], ['chr17:43000001-43200000', '17', 43000001, 200000], ['chr13:32300001-32500000', '13', 32300001, 200000]] as const;

let clinvar: ClinvarIndex;
let work: string;
beforeAll(async () => {
  clinvar = await loadClinvar(CLINVAR);
  work = tempDir('clinvar-match');
});
afterAll(removeTempDirs);

const words = (s: string): string => decodeURIComponent(s.replaceAll('_', ' ')).replaceAll(' ,', ',');
const keyOf = (m: Match): string => {
  const a = minimalAllele(m.pos, m.ref, m.alt);
  return `${normaliseChrom(m.chrom)}:${a.pos}:${a.ref}:${a.alt} ${m.id} ${words(m.significance)}`;
};

/** What Precis's index finds for each allele of a VCF (multi-allelic records split). */
async function ourMatches(vcf: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(vcf)) {
    if (line.startsWith('#')) continue;
    const [chrom, pos, , ref, alts] = line.split('\t') as [string, string, string, string, string];
    for (const alt of alts.split(',')) {
      const call = clinvar.get(chrom, Number(pos), ref, alt);
      if (call) out.push(keyOf({ chrom, pos: Number(pos), ref, alt, id: call.id, significance: call.significance }));
    }
  }
  return out.sort();
}

function regionSequence(name: string): string {
  const fa = readFileSync(FASTA, 'utf8');
  const start = fa.indexOf(`>${name}\n`);
  const end = fa.indexOf('>', start + 1);
  return fa.slice(fa.indexOf('\n', start) + 1, end < 0 ? undefined : end).replaceAll('\n', '');
}

const HEADER = '##fileformat=VCFv4.2\n##INFO=<ID=CLNSIG,Number=.,Type=String,Description="x">\n##INFO=<ID=ONC,Number=.,Type=String,Description="x">\n';

describe('ClinVar matches equal bcftools annotate after bcftools norm', () => {
  it('a VCF made of ClinVar records in the reference regions, some multi-allelic or non-minimal, named chr17/chr13', async () => {
    // Failing: a variant written as one allele of a multi-allelic record, with extra bases, or on
    // 'chr17' instead of '17', finds no ClinVar record (or another one) where bcftools finds it.
    const inRegions: Array<{ region: (typeof REGIONS)[number]; pos: number; ref: string; alt: string; line: string }> = [];
    for await (const line of readLines(CLINVAR)) {
      if (line.startsWith('#')) continue;
      const [chrom, pos, , ref, alt] = line.split('\t') as [string, string, string, string, string];
      const region = REGIONS.find(([, c, start, length]) => c === chrom && Number(pos) >= start && Number(pos) + ref.length <= start + length);
      if (region && /^[ACGT]+$/.test(ref + alt)) inRegions.push({ region, pos: Number(pos), ref, alt, line });
    }
    const sequences = new Map(REGIONS.map(([name]) => [name, regionSequence(name)]));
    const byPos = new Map<string, typeof inRegions>();
    inRegions.forEach((r, i) => {
      if (i % 151 !== 0 && !(i % 37 === 0 && inRegions[i + 1]?.pos === r.pos)) return; // every 151st, and some that share a position
      const key = `${r.region[1]}:${r.pos}`;
      byPos.set(key, [...(byPos.get(key) ?? []), r, ...(inRegions[i + 1]?.pos === r.pos ? [inRegions[i + 1]!] : [])]);
    });
    const genomic: string[] = [];
    const local: string[] = [];
    let multi = 0;
    let padded = 0;
    for (const group of byPos.values()) {
      const [name, chrom, start] = group[0]!.region;
      const seq = sequences.get(name)!;
      let ref = group.reduce((longest, r) => (r.ref.length > longest.length ? r.ref : longest), '');
      let alts = [...new Set(group.map((r) => r.alt + ref.slice(r.ref.length)))];
      if (alts.length > 1) multi += 1;
      // Every third single SNV written with the next reference base on both alleles (non-minimal).
      else if (ref.length === 1 && alts[0]!.length === 1 && genomic.length % 3 === 0) {
        const next = seq[group[0]!.pos - start + 1]!;
        ref += next;
        alts = alts.map((a) => a + next);
        padded += 1;
      }
      const pos = group[0]!.pos;
      genomic.push(`chr${chrom}\t${pos}\t.\t${ref}\t${alts.join(',')}\t.\t.\t.`);
      local.push(`${name}\t${pos - start + 1}\t.\t${ref}\t${alts.join(',')}\t.\t.\t.`);
    }
    expect(genomic.length).toBeGreaterThan(200);
    expect(multi).toBeGreaterThan(5);
    expect(padded).toBeGreaterThan(20);
    const contigs = REGIONS.map(([name, , , length]) => `##contig=<ID=${name},length=${length}>\n`).join('');
    const byLocal = (a: string, b: string): number => a.split('\t')[0]!.localeCompare(b.split('\t')[0]!) || Number(a.split('\t')[1]) - Number(b.split('\t')[1]);
    const ours = join(work, 'made.vcf');
    writeFileSync(ours, `${HEADER}##contig=<ID=chr13>\n##contig=<ID=chr17>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${genomic.join('\n')}\n`);
    // The reference side works in the FASTA's own coordinates (its sequences are the regions).
    writeFileSync(join(work, 'made.local.vcf'), `${HEADER}${contigs}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${local.sort(byLocal).join('\n')}\n`);
    const clinvarLocal = inRegions.map((r) => {
      const f = r.line.split('\t');
      const info = (f[7] ?? '').split(';').filter((kv) => /^(CLNSIG|ONC)=/.test(kv)).join(';') || '.';
      return [r.region[0], r.pos - r.region[2] + 1, ...f.slice(2, 7), info].join('\t');
    });
    writeFileSync(join(work, 'clinvar.local.vcf'), `${HEADER}${contigs}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${clinvarLocal.sort(byLocal).join('\n')}\n`);
    const madeNorm = normalised(join(work, 'made.local.vcf'), join(work, 'made.norm.vcf.gz'), FASTA);
    const clinvarNorm = normalised(join(work, 'clinvar.local.vcf'), join(work, 'clinvar.norm.vcf.gz'), FASTA);
    const reference = bcftoolsMatches(madeNorm, clinvarNorm, work).map((m) => {
      const region = REGIONS.find(([name]) => name === m.chrom)!;
      return keyOf({ ...m, chrom: region[1], pos: m.pos + region[2] - 1 });
    }).sort();

    const found = await ourMatches(ours);
    expect(found.length).toBeGreaterThan(200);
    expect(found).toEqual(reference);
  });

  // T001-COAD GRCh38 goes through the app in vcf-annotate.test.ts.
  it.each(['T001-BRCA'])('the PCGR GRCh38 tumour VCF %s', async (tumour) => {
    // Failing: a tumour's TP53 or APC variant known to ClinVar is shown without its ClinVar call.
    const vcf = join(genomics, 'pcgr-tcga-somatic', `${tumour}.grch38.vcf.gz`);
    const reference = bcftoolsMatches(normalised(vcf, join(work, `${tumour}.norm.vcf.gz`)), bgzipped(CLINVAR, join(work, 'clinvar.bgz.vcf.gz')), work).map(keyOf).sort();
    const found = await ourMatches(vcf);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(reference);
  });
});
