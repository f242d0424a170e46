// The genes of a pack by chromosome, for lookups by position. Chromosome names match with and without
// 'chr' (GENCODE says chr17, ClinVar and many tumour VCFs say 17).
import type { Gene } from './types.ts';

export const chromKey = (chrom: string): string => chrom.replace(/^chr/i, '').toUpperCase().replace(/^M$/, 'MT');

interface ChromGenes {
  /** Sorted by start. */
  genes: Gene[];
  /** The longest gene on the chromosome (bp), bounding the backward scan of a lookup. */
  longest: number;
}

export class GeneIndex {
  private readonly byChrom = new Map<string, ChromGenes>();
  readonly size: number;

  constructor(genes: readonly Gene[]) {
    const grouped = new Map<string, Gene[]>();
    for (const gene of genes) {
      const key = chromKey(gene.chrom);
      const list = grouped.get(key) ?? [];
      list.push(gene);
      grouped.set(key, list);
    }
    for (const [key, list] of grouped) {
      list.sort((a, b) => a.start - b.start || a.end - b.end);
      this.byChrom.set(key, { genes: list, longest: Math.max(...list.map((g) => g.end - g.start + 1)) });
    }
    this.size = genes.length;
  }

  /** Whether the pack annotates this chromosome at all (if not, a variant there gets no gene, not 'intergenic'). */
  covers(chrom: string): boolean {
    return this.byChrom.has(chromKey(chrom));
  }

  /** Genes overlapping [start, end] (1-based, inclusive), in start order. */
  overlapping(chrom: string, start: number, end: number): Gene[] {
    const entry = this.byChrom.get(chromKey(chrom));
    if (!entry) return [];
    const { genes, longest } = entry;
    // First gene starting after `end`; every overlapping gene starts before it and at most `longest` earlier.
    let lo = 0;
    let hi = genes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((genes[mid] as Gene).start <= end) lo = mid + 1;
      else hi = mid;
    }
    const out: Gene[] = [];
    for (let k = lo - 1; k >= 0; k--) {
      const gene = genes[k] as Gene;
      if (gene.start < start - longest) break;
      if (gene.end >= start) out.push(gene);
    }
    return out.reverse();
  }

  byName(name: string): Gene | undefined {
    for (const { genes } of this.byChrom.values()) {
      const found = genes.find((g) => g.name === name);
      if (found) return found;
    }
    return undefined;
  }
}
