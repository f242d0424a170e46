// Assembles genes and their canonical transcript from the feature lines of a GTF, GFF3 or BED file,
// whatever order the lines come in (a transcript's exons may precede the transcript line).
import type { Gene, Span, Strand, Transcript } from './types.ts';

/** One feature line, in the pack's own terms, 1-based inclusive. */
export interface FeatureRecord {
  kind: 'gene' | 'transcript' | 'exon' | 'CDS' | 'stop_codon';
  chrom: string;
  start: number;
  end: number;
  strand: Strand;
  geneId: string;
  geneName?: string;
  geneBiotype?: string;
  /** Absent on gene lines. */
  transcriptId?: string;
  transcriptBiotype?: string;
  tags?: string[];
}

interface GeneDraft { id: string; name: string; chrom: string; strand: Strand; biotype: string; start: number; end: number }

const codingLength = (t: Transcript): number => t.cds.reduce((n, s) => n + s.end - s.start + 1, 0);
const exonicLength = (t: Transcript): number => t.exons.reduce((n, s) => n + s.end - s.start + 1, 0);

/** GENCODE's choice first (MANE Select, then Ensembl canonical), then the longest coding, then exonic, sequence. */
export function pickCanonical(transcripts: readonly Transcript[]): Transcript | undefined {
  const rank = (t: Transcript): number => (t.tags.includes('MANE_Select') ? 2 : t.tags.includes('Ensembl_canonical') || t.tags.includes('canonical') ? 1 : 0);
  return [...transcripts].sort((a, b) => rank(b) - rank(a) || codingLength(b) - codingLength(a) || exonicLength(b) - exonicLength(a) || a.id.localeCompare(b.id))[0];
}

/** Overlapping or touching spans merged, ascending (a stop codon joins the CDS it ends). */
function merged(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end + 1) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

export class GeneModelBuilder {
  private readonly genes = new Map<string, GeneDraft>();
  private readonly transcripts = new Map<string, Transcript & { geneId: string }>();

  add(r: FeatureRecord): void {
    const gene = this.genes.get(r.geneId);
    if (!gene) this.genes.set(r.geneId, { id: r.geneId, name: r.geneName ?? r.geneId, chrom: r.chrom, strand: r.strand, biotype: r.geneBiotype ?? 'unknown', start: r.start, end: r.end });
    else {
      if (r.kind === 'gene') Object.assign(gene, { start: r.start, end: r.end });
      if (r.geneName && gene.name === gene.id) gene.name = r.geneName;
      gene.start = Math.min(gene.start, r.start);
      gene.end = Math.max(gene.end, r.end);
    }
    if (r.kind === 'gene' || !r.transcriptId) return;
    let t = this.transcripts.get(r.transcriptId);
    if (!t) {
      t = { id: r.transcriptId, geneId: r.geneId, biotype: r.transcriptBiotype ?? 'unknown', strand: r.strand, start: r.start, end: r.end, exons: [], cds: [], tags: [] };
      this.transcripts.set(r.transcriptId, t);
    }
    t.start = Math.min(t.start, r.start);
    t.end = Math.max(t.end, r.end);
    if (r.tags) for (const tag of r.tags) if (!t.tags.includes(tag)) t.tags.push(tag);
    if (r.transcriptBiotype) t.biotype = r.transcriptBiotype;
    if (r.kind === 'exon') t.exons.push({ start: r.start, end: r.end });
    else if (r.kind === 'CDS' || r.kind === 'stop_codon') t.cds.push({ start: r.start, end: r.end });
  }

  /** Genes with at least one transcript with exons, each with its canonical transcript. */
  build(): Gene[] {
    const byGene = new Map<string, Transcript[]>();
    for (const { geneId, ...t } of this.transcripts.values()) {
      if (t.exons.length === 0) continue;
      const transcript: Transcript = { ...t, exons: merged(t.exons), cds: merged(t.cds) };
      const list = byGene.get(geneId) ?? [];
      list.push(transcript);
      byGene.set(geneId, list);
    }
    const out: Gene[] = [];
    for (const [geneId, transcripts] of byGene) {
      const draft = this.genes.get(geneId);
      const canonical = pickCanonical(transcripts);
      if (draft && canonical) out.push({ ...draft, canonical });
    }
    return out;
  }
}
