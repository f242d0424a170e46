// Gene models (issue 15, item 3): genes with their canonical transcript, as read from a gene-annotation
// pack (GENCODE GTF, GFF3 or BED). Coordinates are 1-based and inclusive on the genome's forward strand,
// as in VCF, GTF and GFF3 (BED's 0-based half-open starts are converted when read).

/** A closed interval of genome positions, 1-based: start <= end. */
export interface Span {
  start: number;
  end: number;
}

export type Strand = '+' | '-';

export interface Transcript {
  id: string;
  /** GTF/GFF3 transcript_type (protein_coding, lncRNA, ...); 'unknown' for BED. */
  biotype: string;
  strand: Strand;
  start: number;
  end: number;
  /** Exons in ascending genome order (not transcript order on the minus strand). */
  exons: Span[];
  /** Coding parts in ascending genome order, the stop codon included; empty for a non-coding transcript. */
  cds: Span[];
  /** GENCODE tags such as MANE_Select, Ensembl_canonical, basic. */
  tags: string[];
}

export interface Gene {
  id: string;
  /** HGNC symbol where the pack gives one (TP53), else the id. */
  name: string;
  /** The chromosome as the pack names it (chr17). */
  chrom: string;
  start: number;
  end: number;
  strand: Strand;
  biotype: string;
  /** MANE Select, else Ensembl canonical, else the transcript with the longest coding then exonic length. */
  canonical: Transcript;
}

/** A variant as VCF writes one allele of it: POS 1-based, REF and ALT in forward-strand bases. */
export interface VariantAllele {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
}

/** Reference bases by genome position (main/genomics/reference reads them from an indexed FASTA). */
export type { ReferenceSequence } from '../types.ts';
