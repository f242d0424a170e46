// The genomics part of the API contract (issue 15): VCF files attached to a case and their variants.
// Types and plain constants only; preload/api.ts re-exports them and spreads GENOMICS_CHANNELS.
// Positions are VCF's: 1-based, alleles trimmed to their minimal representation.

export type GenomeBuild = 'GRCh37' | 'GRCh38';
export type TestType = 'germline' | 'somatic';

/** A line of a VCF refused during an import in skip mode. */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** A VCF attached to a case: one sample of one file (by sha256). */
export interface VcfFileRecord {
  fileId: number;
  caseId: string;
  sha256: string;
  /** The file's name as given (no folder). */
  name: string;
  /** The sample imported; null for a sites-only file. */
  sample: string | null;
  build: GenomeBuild;
  testType: TestType;
  /** Free text or an OncoTree code; somatic tests only. */
  tumourType: string | null;
  importedAt: string;
  importedBy: string;
  /** Data lines read. */
  records: number;
  /** Variants stored (ALT alleles the sample carries, after the multi-allelic split). */
  variants: number;
  skippedLines: SkippedLine[];
}

/** One stored variant, as listed (annotation lives in its own tables, keyed by variantId). */
export interface VariantRecord {
  variantId: number;
  fileId: number;
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  /** POS and line as written in the file, before splitting and trimming. */
  originalPos: number;
  line: number;
  /** The record's ID column, null for '.'. */
  name: string | null;
  genotype: string | null;
  depth: number | null;
  altDepth: number | null;
  vaf: number | null;
  filter: string | null;
  qual: number | null;
  /** A symbolic or structural allele (<DEL>, breakend, *), stored as written. */
  symbolic: boolean;
}

export interface VariantPage {
  items: VariantRecord[];
  next: string | null;
}

/** What the vcf-import job returns. */
export interface VcfImportResult {
  caseId: string;
  /** The attached file; null when the import was cancelled (nothing was kept). */
  file: VcfFileRecord | null;
  cancelled: boolean;
}

export interface VcfImportOptions {
  caseId: string;
  sample?: string;
  build?: GenomeBuild;
  testType: TestType;
  tumourType?: string;
  /** true: refuse bad lines one by one and import the rest (each listed); false: stop, import nothing. */
  skipBadLines: boolean;
}

export interface GenomicsApi {
  /** Imports a VCF uploaded to a staging batch (import.stageFile / the web upload) into a case. */
  importVcf(args: VcfImportOptions & { batchId: string; relativePath: string }): Promise<{ jobId: string }>;
  /** The VCFs attached to a case, oldest first. */
  listFiles(args: { caseId: string }): Promise<VcfFileRecord[]>;
  /** One page of a case's variants in file order; pass `next` back as `cursor`. */
  listVariants(args: { caseId: string; fileId?: number; cursor?: string | null; limit: number }): Promise<VariantPage>;
}

export const GENOMICS_CHANNELS = ['genomics.importVcf', 'genomics.listFiles', 'genomics.listVariants'] as const;
