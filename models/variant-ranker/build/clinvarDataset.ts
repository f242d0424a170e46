// The labelled variants the variant ranker is built and validated on: ClinVar records (GRCh38) with a
// clear germline classification, Pathogenic/Likely_pathogenic = 1, Benign/Likely_benign = 0 (conflicting,
// uncertain and qualified calls left out), on a chromosome the gene pack covers and whose REF matches
// the reference sequence. CLNSIG gives the label only; the features come from the app's own extractor
// (main/genomics/scoring), which never reads a ClinVar field.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { readGenePack, type GeneIndex } from '../../../main/genomics/genes/index.ts';
import { IndexedFasta } from '../../../main/genomics/reference/index.ts';
import { variantFeatures } from '../../../main/genomics/scoring/index.ts';

export const GENOMICS = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'genomics');
export const CLINVAR = join(GENOMICS, 'clinvar-20260226-cancer-genes', 'clinvar.vcf.gz');
export const GENE_PACK = join(GENOMICS, 'gencode-v45-chr17', 'gencode.v45.chr_patch_hapl_scaff.annotation.chr17.gtf.gz');
export const REFERENCE = join(GENOMICS, 'grch38-cancer-regions', 'GRCh38_cancer_regions.fa');

/** The split, by gene (from the gene pack, not ClinVar): trained on BRCA1, validated on TP53, never seen in training. */
export const TRAIN_GENES = ['BRCA1'];
export const VALIDATION_GENES = ['TP53'];

const LABELS: Record<string, 0 | 1> = {
  Pathogenic: 1, Likely_pathogenic: 1, 'Pathogenic/Likely_pathogenic': 1,
  Benign: 0, Likely_benign: 0, 'Benign/Likely_benign': 0,
};

export interface LabelledVariant {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  /** ClinVar's variation ID. */
  id: string;
  gene: string;
  consequence: string;
  label: 0 | 1;
  features: Float32Array;
}

export async function loadPacks(): Promise<{ genes: GeneIndex; reference: IndexedFasta }> {
  return { genes: await readGenePack(GENE_PACK), reference: IndexedFasta.open(REFERENCE) };
}

/** The labelled variants of `genesWanted` in file order. */
export async function labelledVariants(genesWanted: readonly string[], packs: { genes: GeneIndex; reference: IndexedFasta }): Promise<LabelledVariant[]> {
  const out: LabelledVariant[] = [];
  for await (const line of createInterface({ input: createReadStream(CLINVAR).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (line.startsWith('#')) continue;
    const [chrom = '', posText = '', id = '', ref = '', alt = '', , , info = ''] = line.split('\t');
    const label = LABELS[/(?:^|;)CLNSIG=([^;]+)/.exec(info)?.[1] ?? ''];
    if (label === undefined || !packs.genes.covers(chrom) || !/^[ACGT]+$/.test(ref) || !/^[ACGT]+$/.test(alt)) continue;
    const pos = Number(posText);
    if (packs.reference.fetch(chrom, pos, pos + ref.length - 1) !== ref) continue;
    const { features, annotation } = variantFeatures({ chrom, pos, ref, alt }, packs.genes, packs.reference);
    if (!annotation?.gene || !genesWanted.includes(annotation.gene)) continue;
    out.push({ chrom, pos, ref, alt, id, gene: annotation.gene, consequence: annotation.consequence, label, features });
  }
  return out;
}
