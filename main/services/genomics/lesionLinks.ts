// Variants linked to the lesion a biopsy came from (issue 15, item 6): linking checks that both the
// variant and the annotation are the case's own; the viewer's label for a lesion names each linked
// variant as a clinician reads it (gene and protein change, else the locus and alleles).
import type { LesionMolecularFindings, VariantRow } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import type { Library } from '../../library/library.ts';
import { annotatedCase } from './annotatedVariants.ts';

export function linkVariant(library: Library, caseId: string, args: { variantId: number; annotationUID: string; linked: boolean }, actor: string): { changed: boolean } {
  const kase = library.openCase(caseId);
  if (args.linked) {
    if (!kase.annotations.get(args.annotationUID)) throw new AppError('not-found', 'This finding is not in the case any more: reload the viewer.');
    if (kase.genomics.variantPage({ cursor: String(args.variantId - 1), limit: 1 }).items[0]?.variantId !== args.variantId) {
      throw new AppError('not-found', 'This variant is not in the case any more: reload the Genomics tab.');
    }
  }
  return { changed: kase.variantLinks.set(args.variantId, args.annotationUID, args.linked, actor) };
}

const short = (v: VariantRow): string => (v.gene ? `${v.gene} ${v.hgvsp ?? `${v.chrom}:${v.pos} ${v.ref || '-'}>${v.alt || '-'}`}` : `${v.chrom}:${v.pos} ${v.ref || '-'}>${v.alt || '-'}`);

export async function lesionFindings(library: Library, caseId: string): Promise<LesionMolecularFindings[]> {
  const links = library.openCase(caseId).variantLinks.list();
  if (links.length === 0) return [];
  const rows = new Map((await annotatedCase(library, caseId)).variants.map((v) => [v.row.variantId, v.row]));
  const byLesion = new Map<string, LesionMolecularFindings>();
  for (const link of links) {
    const row = rows.get(link.variantId);
    if (!row) continue;
    const entry = byLesion.get(link.annotationUID) ?? { annotationUID: link.annotationUID, variants: [] };
    entry.variants.push({ variantId: row.variantId, text: short(row) });
    byLesion.set(link.annotationUID, entry);
  }
  return [...byLesion.values()];
}
