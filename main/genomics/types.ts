// Types shared by the VCF reader, the normaliser and the reference readers. Coordinates follow VCF:
// 1-based positions, `ref` starting at `pos`, chromosome names as the file writes them.

export type GenomeBuild = 'GRCh37' | 'GRCh38';

/** A ##INFO or ##FORMAT definition (Number kept as written: '1', 'A', 'R', 'G', '.', ...). */
export interface FieldDefinition {
  readonly id: string;
  readonly number: string;
  readonly type: string;
  readonly description: string;
}

export interface VcfContig {
  readonly id: string;
  /** Length in bases, when the header gives it. */
  readonly length: number | null;
}

export interface VcfHeader {
  /** 'VCFv4.2' etc., from ##fileformat. */
  readonly fileformat: string | null;
  /** From ##reference/##assembly/contig lines, or null when the header does not say. */
  readonly build: GenomeBuild | null;
  readonly contigs: readonly VcfContig[];
  readonly info: ReadonlyMap<string, FieldDefinition>;
  readonly format: ReadonlyMap<string, FieldDefinition>;
  /** Sample names in column order; empty for a sites-only file. */
  readonly samples: readonly string[];
  /** 1-based line number of the #CHROM line. */
  readonly columnsLine: number;
}

/**
 * One ALT allele of one VCF record, after the multi-allelic split and trimming to its minimal
 * representation (bcftools norm -m -any without a reference). 1-based `pos`.
 */
export interface VcfVariant {
  readonly chrom: string;
  readonly pos: number;
  readonly ref: string;
  readonly alt: string;
  /** POS as written in the file, before trimming. */
  readonly originalPos: number;
  /** 1-based line number in the (decompressed) file. */
  readonly line: number;
  /** Which ALT of the record this is (1-based, as GT writes it). */
  readonly altIndex: number;
  readonly id: string | null;
  readonly qual: number | null;
  /** FILTER as written ('PASS', 'LowQual;str10'), null for '.'. */
  readonly filter: string | null;
  /** The chosen sample's GT as written ('0/1', '1|0'), null when the record has none. */
  readonly genotype: string | null;
  /** Read depth at the site for the sample (FORMAT DP, or the caller's equivalent, or INFO). */
  readonly depth: number | null;
  /** Reads supporting this ALT allele. */
  readonly altDepth: number | null;
  /** Variant allele fraction of this ALT, 0..1. */
  readonly vaf: number | null;
  /** A symbolic or structural allele (<DEL>, breakends, `*`, <*>): kept as written, not trimmed. */
  readonly symbolic: boolean;
}

/** A line the reader refused, with the reason; in skip mode these are listed, in stop mode the first one fails the import. */
export interface BadLine {
  readonly line: number;
  readonly reason: string;
}

/** Reference bases by genome position: what left-alignment needs (bcftools norm -f). */
export interface ReferenceSequence {
  /**
   * Bases [start, end] (1-based, inclusive) of `chrom`, upper-case; null when the reference does not
   * cover that whole span.
   */
  fetch(chrom: string, start: number, end: number): string | null;
}
