// A reference FASTA with its .fai index, read by byte offset (no whole-genome load). Sequences may be
// whole chromosomes (chr17) or regions named samtools-style "chrom:start-end" (1-based, inclusive),
// as in ../shared/data/genomics/grch38-cancer-regions: a region answers for the genome positions it spans.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { chromKey } from './geneIndex.ts';
import type { ReferenceSequence } from './types.ts';

interface FaiEntry { offset: number; basesPerLine: number; bytesPerLine: number; length: number; chrom: string; first: number }

function parseFai(text: string): FaiEntry[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const [name = '', length, offset, basesPerLine, bytesPerLine] = line.split('\t');
    const region = name.match(/^(.+):(\d+)-(\d+)$/);
    return {
      chrom: region ? (region[1] as string) : name, first: region ? Number(region[2]) : 1,
      length: Number(length), offset: Number(offset), basesPerLine: Number(basesPerLine), bytesPerLine: Number(bytesPerLine),
    };
  });
}

export class FastaReference implements ReferenceSequence {
  private readonly entries: FaiEntry[];
  private readonly fd: number;

  constructor(fastaPath: string, faiPath = `${fastaPath}.fai`) {
    this.entries = parseFai(readFileSync(faiPath, 'utf8'));
    this.fd = openSync(fastaPath, 'r');
  }

  /** Upper-case forward-strand bases of [start, end]; null unless one sequence covers all of it. */
  bases(chrom: string, start: number, end: number): string | null {
    const key = chromKey(chrom);
    const e = this.entries.find((x) => chromKey(x.chrom) === key && start >= x.first && end <= x.first + x.length - 1);
    if (!e || end < start) return end < start ? '' : null;
    const from = start - e.first;
    const to = end - e.first;
    const byteOf = (i: number): number => e.offset + Math.floor(i / e.basesPerLine) * e.bytesPerLine + (i % e.basesPerLine);
    const buffer = Buffer.alloc(byteOf(to) - byteOf(from) + 1);
    readSync(this.fd, buffer, 0, buffer.length, byteOf(from));
    return buffer.toString('latin1').replace(/\s/g, '').toUpperCase();
  }

  close(): void {
    closeSync(this.fd);
  }
}
