// Reading a VCF file: the header first (to choose the sample and the build), then the carried
// variants in batches with the bytes read so far (progress) and the lines skipped (skip mode).
import { AppError } from '../../errors.ts';
import type { BadLine, VcfHeader, VcfVariant } from '../types.ts';
import { VcfLineError } from './errors.ts';
import { HeaderReader } from './header.ts';
import { readLineBatches, type ChunkSource, type LineBatch } from './lines.ts';
import { RecordParser } from './record.ts';

export type BadLineMode = 'stop' | 'skip';

export interface VariantBatch {
  readonly variants: VcfVariant[];
  /** Lines refused in this batch (skip mode only; stop mode throws the first). */
  readonly badLines: BadLine[];
  /** Data lines (records) read in this batch. */
  readonly records: number;
  /** Bytes of the file on disk read so far. */
  readonly bytesRead: number;
}

/** Index of the sample to import: -1 for a sites-only file; throws when a choice is needed or wrong. */
export function sampleIndex(header: VcfHeader, sample: string | null | undefined): number {
  const { samples } = header;
  const list = samples.map((name) => `"${name}"`).join(', ');
  if (sample) {
    const index = samples.indexOf(sample);
    if (index < 0) throw new AppError('vcf-sample-unknown', samples.length ? `The file has no sample "${sample}"; its samples are ${list}.` : `The file has no samples (sites only), so "${sample}" cannot be chosen.`);
    return index;
  }
  if (samples.length === 0) return -1;
  if (samples.length === 1) return 0;
  throw new AppError('vcf-sample-required', `The file has ${samples.length} samples; choose one: ${list}.`);
}

export class VcfReader {
  readonly header: VcfHeader;
  private readonly lines: AsyncGenerator<LineBatch>;
  private readonly pending: LineBatch;
  private readonly pendingFrom: number;

  private constructor(header: VcfHeader, lines: AsyncGenerator<LineBatch>, pending: LineBatch, pendingFrom: number) {
    this.header = header;
    this.lines = lines;
    this.pending = pending;
    this.pendingFrom = pendingFrom;
  }

  /** Reads the header of a file (path) or chunk source; throws a VcfLineError for one that is not a VCF. */
  static async open(source: string | ChunkSource, signal?: AbortSignal): Promise<VcfReader> {
    const lines = readLineBatches(source, signal);
    const header = new HeaderReader();
    let lineNumber = 0;
    try {
      for (;;) {
        const next = await lines.next();
        if (next.done) throw new VcfLineError(Math.max(lineNumber, 1), lineNumber === 0 ? 'the file is empty' : 'the file ends before the #CHROM column line');
        const batch = next.value;
        for (let i = 0; i < batch.lines.length; i++) {
          lineNumber = batch.firstLine + i;
          const done = header.push(batch.lines[i]!, lineNumber);
          if (done) return new VcfReader(done, lines, batch, i + 1);
        }
      }
    } catch (error) {
      await lines.return(undefined);
      throw error;
    }
  }

  /** Stops reading (closes the file) without reading the records. */
  async close(): Promise<void> {
    await this.lines.return(undefined);
  }

  /** The variants `sample` carries (see sampleIndex), batch by batch. */
  async *variants(sample: number, mode: BadLineMode): AsyncGenerator<VariantBatch> {
    const parser = new RecordParser(this.header, sample);
    let batch: LineBatch | undefined = this.pending;
    let from = this.pendingFrom;
    try {
      while (batch) {
        yield parseBatch(parser, batch, from, mode);
        from = 0;
        const next = await this.lines.next();
        batch = next.done ? undefined : next.value;
      }
    } finally {
      await this.lines.return(undefined);
    }
  }
}

function parseBatch(parser: RecordParser, batch: LineBatch, from: number, mode: BadLineMode): VariantBatch {
  const variants: VcfVariant[] = [];
  const badLines: BadLine[] = [];
  let records = 0;
  for (let i = from; i < batch.lines.length; i++) {
    const text = batch.lines[i]!;
    if (text.length === 0) continue;
    records++;
    const line = batch.firstLine + i;
    const before = variants.length;
    try {
      if (text.charCodeAt(0) === 35 /* # */) throw new VcfLineError(line, 'a header line (#) after the #CHROM line');
      parser.parse(text, line, variants);
    } catch (error) {
      if (mode === 'stop' || !(error instanceof VcfLineError)) throw error;
      variants.length = before; // none of a refused line's alleles
      badLines.push({ line: error.line, reason: error.reason });
    }
  }
  return { variants, badLines, records, bytesRead: batch.bytesRead };
}
