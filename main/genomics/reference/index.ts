// Reference sequences: an indexed FASTA (whole chromosomes or named regions).
export { chromKey, IndexedFasta } from './fai.ts';
