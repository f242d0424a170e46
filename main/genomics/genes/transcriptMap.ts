// Positions on a transcript: genome position (1-based, forward strand) to exon/intron, cDNA and CDS
// offsets in transcript orientation (5' to 3'), HGVS c./n. positions, and the splice sites.
import type { Span, Transcript } from './types.ts';

export interface Intron {
  /** 1-based in transcript order. */
  number: number;
  /** Genome span of the intron. */
  span: Span;
  /** The intron's first two and last two bases in transcript orientation (genome spans). */
  donor: Span;
  acceptor: Span;
}

export class TranscriptMap {
  /** Exons in transcript order (5' first). */
  readonly exons: Span[];
  readonly introns: Intron[];
  readonly exonicLength: number;
  /** cDNA offsets (0-based, transcript orientation) of the first and last coding bases (stop included); null if non-coding. */
  readonly cdsFirst: number | null;
  readonly cdsLast: number | null;

  readonly transcript: Transcript;

  constructor(transcript: Transcript) {
    this.transcript = transcript;
    const minus = transcript.strand === '-';
    this.exons = minus ? [...transcript.exons].reverse() : transcript.exons;
    this.introns = this.exons.slice(1).map((next, k) => {
      const prev = this.exons[k] as Span;
      const span = minus ? { start: next.end + 1, end: prev.start - 1 } : { start: prev.end + 1, end: next.start - 1 };
      const low = { start: span.start, end: Math.min(span.end, span.start + 1) };
      const high = { start: Math.max(span.start, span.end - 1), end: span.end };
      return { number: k + 1, span, donor: minus ? high : low, acceptor: minus ? low : high };
    });
    this.exonicLength = transcript.exons.reduce((n, e) => n + e.end - e.start + 1, 0);
    const cds = transcript.cds;
    if (cds.length === 0) {
      this.cdsFirst = null;
      this.cdsLast = null;
    } else {
      const first = minus ? (cds.at(-1) as Span).end : (cds[0] as Span).start;
      const last = minus ? (cds[0] as Span).start : (cds.at(-1) as Span).end;
      this.cdsFirst = this.cdnaOffset(first);
      this.cdsLast = this.cdnaOffset(last);
    }
  }

  get minus(): boolean {
    return this.transcript.strand === '-';
  }

  /** Index (transcript order) of the exon holding `pos`, or -1. */
  exonAt(pos: number): number {
    return this.exons.findIndex((e) => pos >= e.start && pos <= e.end);
  }

  intronAt(pos: number): Intron | undefined {
    return this.introns.find((i) => pos >= i.span.start && pos <= i.span.end);
  }

  /** 0-based offset of an exonic position along the spliced transcript, or null if not exonic. */
  cdnaOffset(pos: number): number | null {
    let before = 0;
    for (const e of this.exons) {
      if (pos >= e.start && pos <= e.end) return before + (this.minus ? e.end - pos : pos - e.start);
      before += e.end - e.start + 1;
    }
    return null;
  }

  /** 0-based index of a position in the coding sequence (transcript orientation), or -1. */
  cdsIndex(pos: number): number {
    const cdna = this.cdnaOffset(pos);
    if (cdna === null || this.cdsFirst === null || this.cdsLast === null || cdna < this.cdsFirst || cdna > this.cdsLast) return -1;
    return cdna - this.cdsFirst;
  }

  get cdsLength(): number {
    return this.cdsFirst === null || this.cdsLast === null ? 0 : this.cdsLast - this.cdsFirst + 1;
  }

  /** HGVS position of an exonic base: c.76, c.-14, c.*32 (coding) or n.120 (non-coding). */
  private exonicHgvs(cdna: number): string {
    if (this.cdsFirst === null || this.cdsLast === null) return `${cdna + 1}`;
    if (cdna < this.cdsFirst) return `-${this.cdsFirst - cdna}`;
    if (cdna > this.cdsLast) return `*${cdna - this.cdsLast}`;
    return `${cdna - this.cdsFirst + 1}`;
  }

  /** HGVS position of any transcribed base: exonic, or intronic from the nearer exon edge (c.672+1, c.673-2). */
  hgvsPosition(pos: number): string | null {
    const cdna = this.cdnaOffset(pos);
    if (cdna !== null) return this.exonicHgvs(cdna);
    const intron = this.intronAt(pos);
    if (!intron) return null;
    const before = this.exons[intron.number - 1] as Span;
    const after = this.exons[intron.number] as Span;
    const lastOfBefore = this.minus ? before.start : before.end;
    const firstOfAfter = this.minus ? after.end : after.start;
    const fromBefore = Math.abs(pos - lastOfBefore);
    const toAfter = Math.abs(firstOfAfter - pos);
    // HGVS: the nearer exon; in the middle of an odd intron, the upstream one (+).
    if (fromBefore <= toAfter) return `${this.exonicHgvs(this.cdnaOffset(lastOfBefore) as number)}+${fromBefore}`;
    return `${this.exonicHgvs(this.cdnaOffset(firstOfAfter) as number)}-${toAfter}`;
  }

  /** bp from `pos` to the nearest exon-intron boundary (0 at an exon's edge base); null for a one-exon transcript. */
  spliceDistance(pos: number): number | null {
    if (this.introns.length === 0) return null;
    let best = Infinity;
    for (const intron of this.introns) {
      best = Math.min(best, Math.abs(pos - (intron.span.start - 1)), Math.abs(pos - (intron.span.end + 1)));
    }
    return best;
  }
}
