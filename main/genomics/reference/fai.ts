// An indexed FASTA (.fa + samtools' .fai) as a ReferenceSequence. Sequences are either whole
// chromosomes (`chr17`) or regions named samtools-style `chr17:7651779-7697538` (1-based, inclusive),
// whose bases are mapped back to genome positions; `chr17` and `17` name the same chromosome.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { AppError } from '../../errors.ts';
import type { ReferenceSequence } from '../types.ts';

interface FaiEntry {
  readonly name: string;
  /** Chromosome without a `chr` prefix. */
  readonly chrom: string;
  /** Genome position (1-based) of the sequence's first base. */
  readonly start: number;
  readonly length: number;
  /** Byte offset of the first base in the .fa. */
  readonly offset: number;
  readonly lineBases: number;
  readonly lineWidth: number;
}

export function chromKey(chrom: string): string {
  return chrom.startsWith('chr') ? chrom.slice(3) : chrom;
}

function parseFai(text: string, path: string): FaiEntry[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    const [name = '', length, offset, lineBases, lineWidth] = line.split('\t');
    const numbers = [length, offset, lineBases, lineWidth].map(Number);
    if (name === '' || numbers.some((n) => !Number.isInteger(n) || n < 0) || numbers[2] === 0) {
      throw new AppError('reference-invalid', `${path} line ${i + 1}: not a samtools .fai line (name, length, offset, line bases, line width)`);
    }
    const region = name.match(/^(.+):(\d+)-(\d+)$/);
    const [, chrom = name, start = '1'] = region ?? [];
    return { name, chrom: chromKey(chrom), start: Number(start), length: numbers[0]!, offset: numbers[1]!, lineBases: numbers[2]!, lineWidth: numbers[3]! };
  });
}

export class IndexedFasta implements ReferenceSequence {
  private readonly fd: number;
  private readonly byChrom = new Map<string, FaiEntry[]>();

  private constructor(fd: number, entries: FaiEntry[]) {
    this.fd = fd;
    for (const entry of entries) this.byChrom.set(entry.chrom, [...(this.byChrom.get(entry.chrom) ?? []), entry]);
  }

  /** Opens `fasta` with its `fasta.fai` index; call close() when done. */
  static open(fasta: string): IndexedFasta {
    let index: string;
    try {
      index = readFileSync(`${fasta}.fai`, 'utf8');
    } catch {
      throw new AppError('reference-invalid', `${fasta}.fai is missing: index the FASTA with samtools faidx.`);
    }
    const entries = parseFai(index, `${fasta}.fai`);
    return new IndexedFasta(openSync(fasta, 'r'), entries);
  }

  /** The sequences, as genome spans (1-based, inclusive). */
  spans(): { chrom: string; start: number; end: number }[] {
    return [...this.byChrom.values()].flat().map((e) => ({ chrom: e.chrom, start: e.start, end: e.start + e.length - 1 }));
  }

  fetch(chrom: string, start: number, end: number): string | null {
    const entry = this.byChrom.get(chromKey(chrom))?.find((e) => e.start <= start && end < e.start + e.length);
    if (!entry || end < start) return null;
    const first = start - entry.start; // 0-based offsets within the sequence
    const last = end - entry.start;
    const byteOf = (i: number): number => entry.offset + Math.floor(i / entry.lineBases) * entry.lineWidth + (i % entry.lineBases);
    const from = byteOf(first);
    const bytes = Buffer.alloc(byteOf(last) - from + 1);
    readSync(this.fd, bytes, 0, bytes.length, from);
    let bases = '';
    for (const byte of bytes) if (byte !== 10 && byte !== 13) bases += String.fromCharCode(byte);
    return bases.toUpperCase();
  }

  close(): void {
    closeSync(this.fd);
  }
}
