// Gene models and variant consequences (issue 15, item 3): read a gene-annotation pack (GTF, GFF3, BED),
// index its genes with their canonical transcripts, and annotate a variant's gene, region and consequence.
export { annotateGene, FLANK_BP, type GeneAnnotation } from './annotateGene.ts';
export { CONSEQUENCES, isSequenceAllele, minimalChange, variantClass, type Consequence, type MinimalChange, type Region, type VariantClass } from './consequence.ts';
export { chromKey, GeneIndex } from './geneIndex.ts';
export { formatOf, readGenePack, type GeneAnnotationFormat } from './readGenePack.ts';
export type { Gene, ReferenceSequence, Span, Strand, Transcript, VariantAllele } from './types.ts';
