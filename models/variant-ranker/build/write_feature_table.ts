// Writes the variant ranker's training and validation table (TSV) from the ClinVar release, the GENCODE
// gene pack and the GRCh38 reference in ../shared/data/genomics, through the app's own feature extractor.
// Run by train_model.py (node 22 on PATH): node models/variant-ranker/build/write_feature_table.ts OUT.tsv
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../../../main/genomics/scoring/index.ts';
import { labelledVariants, loadPacks, TRAIN_GENES, VALIDATION_GENES } from './clinvarDataset.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: node write_feature_table.ts OUT.tsv');
const packs = await loadPacks();
const rows = await labelledVariants([...TRAIN_GENES, ...VALIDATION_GENES], packs);
const header = ['chrom', 'pos', 'ref', 'alt', 'clinvar_id', 'gene', 'split', 'consequence', 'label', ...FEATURE_NAMES].join('\t');
const lines = rows.map((r) => [r.chrom, r.pos, r.ref, r.alt, r.id, r.gene, TRAIN_GENES.includes(r.gene) ? 'train' : 'validation', r.consequence, r.label, ...Array.from(r.features, (v) => String(v))].join('\t'));
writeFileSync(out, `${header}\n${lines.join('\n')}\n`);
console.log(`${rows.length} labelled variants (${rows.filter((r) => TRAIN_GENES.includes(r.gene)).length} train) -> ${out}`);
