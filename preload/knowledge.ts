// The contract's types for knowledge packs (issue 15, item 2) and what a variant's annotation holds
// (items 3 and 4): ClinVar, CIViC evidence, the AMP/ASCO/CAP tier or germline class with the rule that
// fired, and a clinician's override. Types only (re-exported by api.ts).

import type { GenomeBuild } from './genomics.ts';

export type KnowledgePackKind = 'clinvar' | 'civic' | 'genes' | 'reference';

/** A pack imported into the library: the files copied to <dataDir>/knowledge/<id>/ and their hashes. */
export interface KnowledgePack {
  /** `<kind>-<releaseDate>-<first 12 hex of sha256>`: the same files give the same id. */
  id: string;
  kind: KnowledgePackKind;
  /** Who published it ('ClinVar', 'CIViC', 'GENCODE', or the file's own words). */
  source: string;
  /** YYYY-MM-DD from the file (ClinVar ##fileDate, CIViC's file name, GENCODE's header); null if none. */
  releaseDate: string | null;
  build: GenomeBuild;
  /** sha256 over the files' hashes in name order (lower-case hex); each file's own hash below. */
  sha256: string;
  files: Array<{ name: string; sha256: string; bytes: number }>;
  importedBy: string;
  /** ISO 8601, UTC. */
  importedAt: string;
}

/** ClinVar's call for one allele (https://www.ncbi.nlm.nih.gov/clinvar/docs/review_status/). */
export interface ClinvarCall {
  /** The ClinVar Variation ID (the VCF's ID column). */
  id: string;
  /** CLNSIG as ClinVar writes it, underscores turned to spaces ('Likely pathogenic'). */
  significance: string;
  /** CLNREVSTAT in words ('criteria provided, multiple submitters, no conflicts'). */
  reviewStatus: string;
  /** ClinVar's gold stars, 0-4, from the review status. */
  stars: number;
}

/** One CIViC clinical evidence item about the variant. */
export interface CivicEvidence {
  /** 'EID1409'. */
  evidenceId: string;
  gene: string;
  variant: string;
  disease: string;
  drugs: string[];
  /** Predictive, Diagnostic, Prognostic, Predisposing, Oncogenic, Functional. */
  evidenceType: string;
  /** A validated ... E inferential. */
  level: string;
  /** 'Supports' or 'Does Not Support'. */
  direction: string;
  /** 'Sensitivity/Response', 'Resistance', 'Poor Outcome', ... */
  clinicalSignificance: string;
  /** Somatic, Rare Germline, Common Germline. */
  origin: string;
  /** The publication: 'PubMed 22460902' (or ASCO abstract). */
  source: string;
  citation: string;
}

export type SomaticTier = 'Tier I' | 'Tier II' | 'Tier III' | 'Tier IV';
export type GermlineClass = 'pathogenic' | 'likely pathogenic' | 'VUS' | 'likely benign' | 'benign' | 'not in ClinVar';

/** The automatic call for a variant, with the rule that fired in words. */
export interface VariantCall {
  /** 'Tier I' ... 'Tier IV' for a somatic test, the germline class for a germline one. */
  tier: SomaticTier | GermlineClass;
  /** AMP/ASCO/CAP evidence level of a Tier I/II call ('A'...'D'); null otherwise. */
  level: string | null;
  rule: string;
  /** Worth a clinician's attention: Tier I/II, or pathogenic/likely pathogenic. */
  flagged: boolean;
}

/** A clinician's replacement of the automatic call, kept beside it. */
export interface VariantOverride {
  tier: string;
  rationale: string;
  by: string;
  /** ISO 8601, UTC. */
  at: string;
}

/** What `precis vcf annotate` stored for one variant of the case. */
export interface VariantAnnotation {
  variantId: string;
  clinvar: ClinvarCall | null;
  civic: CivicEvidence[];
  /** From the gene annotation pack; null when no pack covers the variant's build (`geneNote` says why). */
  gene: string | null;
  region: string | null;
  geneNote: string | null;
  call: VariantCall;
  override: VariantOverride | null;
  /** The pack ids this annotation used. */
  packs: string[];
}

/** One VCF file of the case as `precis vcf annotate` left it. */
export interface FileAnnotationSummary {
  fileId: number;
  build: GenomeBuild;
  testType: 'germline' | 'somatic';
  tumourType: string | null;
  variants: number;
  clinvarMatches: number;
  civicMatches: number;
  /** How many variants got each tier or class. */
  calls: Record<string, number>;
  /** The packs used ({ id, kind, source, releaseDate, build }). */
  packs: Array<Pick<KnowledgePack, 'id' | 'kind' | 'source' | 'releaseDate' | 'build'>>;
  /** Packs of another build left out, with the reason naming both builds. */
  refused: Array<{ packId: string; code: string; message: string }>;
  /** Why the variants have no gene or region, in words; null when they have them. */
  geneNote: string | null;
}

/** What the vcf-annotate job returns. */
export interface VcfAnnotateResult {
  caseId: string;
  files: FileAnnotationSummary[];
  cancelled: boolean;
}

/** One VCF file as the vcf-score job left it: scored with a model, or why not (`note`). */
export interface FileScoreSummary {
  fileId: number;
  build: GenomeBuild;
  variants: number;
  /** Variants that got a score (symbolic alleles do not). */
  scored: number;
  model: { id: string; version: string; sha256: string } | null;
  note: string | null;
}

/** What the vcf-score job returns: the variant-ranker's scores, a ranking aid for review, never a classification. */
export interface VcfScoreResult {
  caseId: string;
  files: FileScoreSummary[];
  cancelled: boolean;
}

/** The knowledge area of the API: packs, annotating a case, one variant's annotation, overrides. */
export interface KnowledgeApi {
  /** The packs of this data directory. */
  list(args: Record<string, never>): Promise<KnowledgePack[]>;
  /** Imports a pack from a file or folder on this machine (web host: only under --import-root); audited. */
  import(args: { path: string; kind?: KnowledgePackKind; build?: GenomeBuild }): Promise<KnowledgePack & { again: boolean }>;
  /** Starts the vcf-annotate job for the case (followed by job.progress; its report is a VcfAnnotateResult). */
  annotate(args: { caseId: string; fileId?: number }): Promise<{ jobId: string }>;
  /** Starts the vcf-score job for the case (a child process; its report is a VcfScoreResult): `precis vcf annotate` runs it after annotating. */
  score(args: { caseId: string; fileId?: number }): Promise<{ jobId: string }>;
  /** One variant's annotation with its automatic call and override beside it; null before annotation. */
  annotation(args: { caseId: string; variantId: string }): Promise<VariantAnnotation | null>;
  /** A clinician's tier (somatic) or class (germline) with a rationale; audited, the automatic call kept. */
  override(args: { caseId: string; variantId: string; tier: string; rationale: string }): Promise<VariantAnnotation>;
}

/** The area as PrecisApi has it, and the job kind as JobResults has it (api.ts extends both). */
export interface KnowledgeArea { knowledge: KnowledgeApi }
export interface KnowledgeJobResults { 'vcf-annotate': VcfAnnotateResult; 'vcf-score': VcfScoreResult }

export const KNOWLEDGE_CHANNELS = ['knowledge.list', 'knowledge.import', 'knowledge.annotate', 'knowledge.score', 'knowledge.annotation', 'knowledge.override'] as const;
