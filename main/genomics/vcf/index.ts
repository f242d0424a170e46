// The VCF reader's public surface.
export { VcfLineError } from './errors.ts';
export { buildFromName } from './header.ts';
export { isSymbolic, trimAlleles } from './alleles.ts';
export { sampleIndex, VcfReader, type BadLineMode, type VariantBatch } from './reader.ts';
export { fileChunks, type ChunkSource } from './lines.ts';
