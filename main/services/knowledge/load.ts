// Opens the knowledge an annotation uses for data of one genome build: the newest ClinVar, CIViC, gene
// annotation and reference packs (or those named), each verified against its hashes. A pack of another build is refused: named
// ones with an error, the automatic choice by leaving it out and saying why (`refused`).
import type { KnowledgePack } from '../../../preload/api.ts';
import { AppError, errorMessage } from '../../errors.ts';
import type { Knowledge } from '../../genomics/knowledge/annotate.ts';
import { loadCivic } from '../../genomics/knowledge/civic.ts';
import { loadClinvar } from '../../genomics/knowledge/clinvar.ts';
import { readGenePack, type GeneIndex } from '../../genomics/genes/index.ts';
import { IndexedFasta } from '../../genomics/reference/index.ts';
import type { ReferenceSequence } from '../../genomics/types.ts';
import type { Library } from '../../library/library.ts';
import { checkBuild, latestPack, verifiedPackFiles } from './packs.ts';

/** Where no reference pack covers the build: no bases (coding changes are then not worked out). */
const NO_REFERENCE: ReferenceSequence = { fetch: () => null };

export interface LoadedKnowledge extends Knowledge {
  /** The gene model of the build's gene annotation pack; null when there is none. */
  genes: GeneIndex | null;
  reference: ReferenceSequence;
  /** The packs used (their ids go with every annotation). */
  packs: KnowledgePack[];
  /** Packs left out, with the reason in words (a build mismatch names both builds). */
  refused: Array<{ packId: string; code: string; message: string }>;
}

export async function loadKnowledge(library: Library, build: string, packIds: string[] = [], signal?: AbortSignal): Promise<LoadedKnowledge> {
  const named = packIds.map((id) => {
    const pack = library.knowledgePacks.get(id);
    if (!pack) throw new AppError('not-found', `No knowledge pack ${id}: "precis knowledge" lists them.`);
    checkBuild(pack, build);
    return pack;
  });
  const chosen = (kind: KnowledgePack['kind']): KnowledgePack | null => (packIds.length > 0 ? named.filter((p) => p.kind === kind).at(-1) ?? null : latestPack(library, kind));
  const out: LoadedKnowledge = { clinvar: null, civic: null, genes: null, reference: NO_REFERENCE, packs: [], refused: [] };
  for (const kind of ['clinvar', 'civic', 'genes', 'reference'] as const) {
    const pack = chosen(kind);
    if (!pack) continue;
    try {
      checkBuild(pack, build);
    } catch (error) {
      out.refused.push({ packId: pack.id, code: error instanceof AppError ? error.code : 'internal', message: errorMessage(error) });
      continue;
    }
    const files = await verifiedPackFiles(library, pack);
    const first = [...files.values()][0]!;
    if (kind === 'clinvar') out.clinvar = await loadClinvar(first, signal);
    else if (kind === 'civic') out.civic = loadCivic(files.get('variants.tsv')!, files.get('evidence.tsv')!);
    else if (kind === 'genes') out.genes = await readGenePack(first);
    else out.reference = IndexedFasta.open(first);
    out.packs.push(pack);
  }
  return out;
}
