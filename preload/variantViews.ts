// The Genomics tab's reads (issue 15, item 6): a case's variants joined with what the installed packs
// say of them (gene, consequence, ClinVar, CIViC, tier), filtered, sorted and paged, one variant's
// evidence, and the genome track view's inputs as text. Types and plain constants only (api.ts re-exports).
import type { CivicEvidence, ClinvarCall, VariantCall, VariantOverride } from './knowledge.ts';
import type { GenomeBuild, VariantRecord, VcfFileRecord } from './genomics.ts';

export interface VariantFilters {
  /** 'Tier I' ... or a germline class; matches the override when one is set, else the automatic call. */
  tier?: string;
  /** Gene symbol, exact (case-insensitive). */
  gene?: string;
  /** Part of ClinVar's significance ('pathogenic' matches 'Likely pathogenic'); 'none' = not in ClinVar. */
  significance?: string;
  vafMin?: number;
  consequence?: string;
  /** Free text over chrom:pos, alleles, gene, HGVS p. and the record's ID. */
  search?: string;
}

export type VariantSortKey = 'position' | 'gene' | 'consequence' | 'vaf' | 'significance' | 'tier' | 'score';

/** A stored variant with the annotation the installed packs give it (null where no pack says). */
export interface VariantRow extends VariantRecord {
  gene: string | null;
  consequence: string | null;
  hgvsp: string | null;
  clinvar: ClinvarCall | null;
  call: VariantCall | null;
  override: VariantOverride | null;
  /** The variant-ranker's score, a ranking aid and never a classification; null when not scored. */
  score: number | null;
}

export interface VariantTablePage {
  items: VariantRow[];
  next: string | null;
  /** Rows matching the filters, over all pages. */
  total: number;
  files: VcfFileRecord[];
  /** Why some columns are empty, in words ('No gene annotation for GRCh37'). */
  notes: string[];
  /** The gene, consequence and tier values present in the case, for the filter menus. */
  options: { genes: string[]; consequences: string[]; tiers: string[] };
}

export interface VariantDetail {
  row: VariantRow;
  file: VcfFileRecord;
  civic: CivicEvidence[];
  region: string | null;
  hgvsc: string | null;
  transcript: string | null;
  /** The packs this annotation read: id, kind, source, release date, build. */
  packs: Array<{ id: string; kind: string; source: string; releaseDate: string | null; build: GenomeBuild }>;
}

/** The genome track view's inputs, read from the case and the installed packs (never a URL to fetch). */
export interface GenomeTrackSources {
  build: GenomeBuild | null;
  /** FASTA text: the reference pack's sequences (headers carry @len so igv places regions), and a one-base stub for any other chromosome with variants. */
  fasta: string;
  /** The case's variants as VCF text. */
  vcf: string;
  /** Canonical transcripts of the gene pack as BED12; null when no gene pack for the build can be read. */
  genes: string | null;
  notes: string[];
}

/** A variant linked to the lesion a biopsy came from: the annotation (finding) that marks it. */
export interface LesionLink {
  variantId: number;
  annotationUID: string;
  linkedBy: string;
  linkedAt: string;
}

/** What the viewer writes on a linked lesion: its variants in short ('TP53 p.Val73fs'), newest link last. */
export interface LesionMolecularFindings {
  annotationUID: string;
  variants: Array<{ variantId: number; text: string }>;
}

export interface VariantViewsApi {
  table(args: { caseId: string; filters?: VariantFilters; sort?: VariantSortKey; descending?: boolean; cursor?: string | null; limit: number }): Promise<VariantTablePage>;
  detail(args: { caseId: string; variantId: number }): Promise<VariantDetail>;
  track(args: { caseId: string }): Promise<GenomeTrackSources>;
  /** Links (linked: true) or unlinks a variant and an annotation of the case; audited when it changes anything. */
  link(args: { caseId: string; variantId: number; annotationUID: string; linked: boolean }): Promise<{ changed: boolean }>;
  /** The case's lesions with linked variants, each with the words the viewer writes on it. */
  lesions(args: { caseId: string }): Promise<LesionMolecularFindings[]>;
}

/** The area as PrecisApi has it (api.ts extends it). */
export interface VariantViewsArea { variants: VariantViewsApi }

export const VARIANT_VIEW_CHANNELS = ['variants.table', 'variants.detail', 'variants.track', 'variants.link', 'variants.lesions'] as const;
