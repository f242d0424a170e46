// What the AI tab shows of each imported model (models.list): the `precis models --json` row, the
// manifest's name and intended use in words, and the opening of its card (what it is, its limits).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelListEntry, ModelSummary } from '../../preload/api.ts';
import { MANIFEST, MODEL_CARD, parseManifest, type ModelManifest } from '../ai/index.ts';
import type { Library } from '../library/library.ts';
import { listModels } from './models.ts';

/** Lines of the card shown: its title and first paragraph in practice. */
const CARD_LINES = 6;

function intendedUseWords(manifest: ModelManifest): string {
  const use = manifest.intendedUse;
  if (use === null) return `${manifest.variantScoring?.genomeBuild ?? 'genomic'} variants; a ranking aid for review, not a classification`;
  const thickness = use.sliceThicknessMm ? `slices ${use.sliceThicknessMm.min}-${use.sliceThicknessMm.max} mm` : 'any slice thickness';
  const contrast = use.contrast === 'any' ? 'with or without contrast' : `${use.contrast} contrast`;
  return `${use.modality.join(' or ')}; ${use.bodyPart.join(' or ')}; ${thickness}; ${contrast}`;
}

function cardExcerpt(folder: string): string | null {
  try {
    const lines = readFileSync(join(folder, MODEL_CARD), 'utf8').split('\n').map((l) => l.trimEnd());
    return lines.filter((l, k) => l !== '' || (k > 0 && lines[k - 1] !== '')).slice(0, CARD_LINES).join('\n').trim() || null;
  } catch {
    return null;
  }
}

function summaryOf(entry: ModelListEntry): ModelSummary {
  try {
    const manifest = parseManifest(readFileSync(join(entry.path, MANIFEST), 'utf8'), MANIFEST);
    return { ...entry, name: manifest.name ?? null, intendedUse: intendedUseWords(manifest), cardExcerpt: cardExcerpt(entry.path) };
  } catch {
    // The row's own error says why the model cannot be used.
    return { ...entry, name: null, intendedUse: null, cardExcerpt: cardExcerpt(entry.path) };
  }
}

/** The imported models, each checked against its recorded hash (none dropped), with what they are for. */
export function listModelSummaries(library: Library): ModelSummary[] {
  return listModels(library).map(summaryOf);
}
