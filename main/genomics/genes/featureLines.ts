// Line parsers of the three gene-annotation formats a pack may come in, each to FeatureRecords:
// GTF (GENCODE, Ensembl), GFF3 (GENCODE, Ensembl, RefSeq) and BED (BED6 genes or BED12 transcripts).
// A line that is not a feature (header, comment, another feature type) gives null; a feature line
// that is malformed throws with the line number.
import type { FeatureRecord } from './geneModelBuilder.ts';
import type { Strand } from './types.ts';

const KINDS = new Set(['gene', 'transcript', 'exon', 'CDS', 'stop_codon']);
/** GFF3 spells transcripts by biotype (mRNA, lnc_RNA, ...): a feature whose parent is a gene is a transcript. */
const GFF3_TRANSCRIPTS = new Set(['transcript', 'mRNA', 'lnc_RNA', 'ncRNA', 'miRNA', 'snRNA', 'snoRNA', 'rRNA', 'misc_RNA', 'primary_transcript', 'pseudogenic_transcript', 'unconfirmed_transcript']);

function malformed(lineNumber: number, why: string): Error {
  return new Error(`Gene annotation line ${lineNumber}: ${why}.`);
}

function coordinates(cols: string[], lineNumber: number): { start: number; end: number; strand: Strand } {
  const start = Number(cols[3]);
  const end = Number(cols[4]);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start) throw malformed(lineNumber, `bad start/end "${cols[3]}"/"${cols[4]}"`);
  const strand = cols[6];
  if (strand !== '+' && strand !== '-') throw malformed(lineNumber, `strand "${strand ?? ''}" is neither + nor -`);
  return { start, end, strand };
}

/** GTF: attributes `key "value";`, repeated keys (tag) collected. */
export function parseGtfLine(line: string, lineNumber: number): FeatureRecord | null {
  if (line === '' || line.startsWith('#')) return null;
  const cols = line.split('\t');
  if (cols.length < 9) throw malformed(lineNumber, `${cols.length} columns, GTF has 9`);
  const kind = cols[2] as string;
  if (!KINDS.has(kind)) return null;
  const attrs = new Map<string, string>();
  const tags: string[] = [];
  for (const m of (cols[8] as string).matchAll(/(\S+)\s+"([^"]*)"/g)) {
    if (m[1] === 'tag') tags.push(m[2] as string);
    else if (!attrs.has(m[1] as string)) attrs.set(m[1] as string, m[2] as string);
  }
  const geneId = attrs.get('gene_id');
  if (!geneId) throw malformed(lineNumber, 'no gene_id attribute');
  return {
    kind: kind as FeatureRecord['kind'], chrom: cols[0] as string, ...coordinates(cols, lineNumber), geneId,
    geneName: attrs.get('gene_name'), geneBiotype: attrs.get('gene_type') ?? attrs.get('gene_biotype'),
    transcriptId: kind === 'gene' ? undefined : attrs.get('transcript_id'),
    transcriptBiotype: attrs.get('transcript_type') ?? attrs.get('transcript_biotype'), tags,
  };
}

/** GFF3 parents are resolved by ID: a transcript's Parent is its gene, an exon's or CDS's Parent its transcript(s). */
export class Gff3Reader {
  private readonly geneOfTranscript = new Map<string, string>();
  private readonly pending: Array<{ record: Omit<FeatureRecord, 'geneId'>; parent: string }> = [];

  parseLine(line: string, lineNumber: number): FeatureRecord[] {
    if (line === '' || line.startsWith('#')) return [];
    const cols = line.split('\t');
    if (cols.length < 9) throw malformed(lineNumber, `${cols.length} columns, GFF3 has 9`);
    const type = cols[2] as string;
    const attrs = new Map((cols[8] as string).split(';').filter(Boolean).map((kv) => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), decodeURIComponent(kv.slice(eq + 1))] as const;
    }));
    const id = attrs.get('ID');
    const tags = attrs.get('tag')?.split(',') ?? [];
    const base = { chrom: cols[0] as string, ...coordinates(cols, lineNumber), geneName: attrs.get('gene_name') ?? attrs.get('Name'), geneBiotype: attrs.get('gene_type') ?? attrs.get('biotype'), tags };
    if (type === 'gene') return id ? [{ ...base, kind: 'gene', geneId: id }] : [];
    const parents = attrs.get('Parent')?.split(',') ?? [];
    if (GFF3_TRANSCRIPTS.has(type) && id && parents[0]) {
      this.geneOfTranscript.set(id, parents[0]);
      return [{ ...base, kind: 'transcript', geneId: parents[0], transcriptId: id, transcriptBiotype: attrs.get('transcript_type') ?? type, geneName: attrs.get('gene_name') }];
    }
    if (type !== 'exon' && type !== 'CDS' && type !== 'stop_codon') return [];
    // The parent transcript may come later in the file: resolve at the end (drain).
    for (const parent of parents) this.pending.push({ record: { ...base, kind: type, transcriptId: parent, geneName: attrs.get('gene_name') }, parent });
    return [];
  }

  /** The exon/CDS lines, once every transcript line has been seen. */
  drain(): FeatureRecord[] {
    const out: FeatureRecord[] = [];
    for (const { record, parent } of this.pending.splice(0)) {
      const geneId = this.geneOfTranscript.get(parent);
      if (geneId) out.push({ ...record, geneId });
    }
    return out;
  }
}

/** BED: 0-based half-open; BED12 blocks are exons and thickStart-thickEnd the coding part; BED6 a one-exon gene. */
export function parseBedLine(line: string, lineNumber: number): FeatureRecord[] {
  if (line === '' || /^(#|track|browser)/.test(line)) return [];
  const cols = line.split('\t');
  if (cols.length < 6) throw malformed(lineNumber, `${cols.length} columns; a gene BED needs at least 6 (chrom, start, end, name, score, strand)`);
  const [chrom, startText, endText, name, , strand] = cols as [string, string, string, string, string, string];
  const start0 = Number(startText);
  const end = Number(endText);
  if (!Number.isInteger(start0) || !Number.isInteger(end) || start0 < 0 || end <= start0) throw malformed(lineNumber, `bad start/end "${startText}"/"${endText}"`);
  if (strand !== '+' && strand !== '-') throw malformed(lineNumber, `strand "${strand}" is neither + nor -`);
  const geneId = name;
  const tx = { chrom, strand, geneId, geneName: name, transcriptId: `${name}:${chrom}:${start0}` } as const;
  const out: FeatureRecord[] = [{ ...tx, kind: 'transcript', start: start0 + 1, end }];
  const blockCount = Number(cols[9]);
  const sizes = cols[10]?.split(',').filter(Boolean).map(Number) ?? [];
  const starts = cols[11]?.split(',').filter(Boolean).map(Number) ?? [];
  if (blockCount > 0 && sizes.length === blockCount && starts.length === blockCount) {
    sizes.forEach((size, k) => out.push({ ...tx, kind: 'exon', start: start0 + (starts[k] as number) + 1, end: start0 + (starts[k] as number) + size }));
  } else out.push({ ...tx, kind: 'exon', start: start0 + 1, end });
  const thickStart = Number(cols[6]);
  const thickEnd = Number(cols[7]);
  if (Number.isInteger(thickStart) && Number.isInteger(thickEnd) && thickEnd > thickStart) {
    for (const exon of out.filter((r) => r.kind === 'exon')) {
      const s = Math.max(exon.start, thickStart + 1);
      const e = Math.min(exon.end, thickEnd);
      if (s <= e) out.push({ ...tx, kind: 'CDS', start: s, end: e });
    }
  }
  return out;
}
