// The Genomics tab's variant table and detail (issue 15, item 6): a case's annotated variants filtered
// by tier, gene, significance, VAF, consequence and free text, sorted, and paged by an opaque cursor
// (the offset into the filtered, sorted list).
import type { VariantDetail, VariantFilters, VariantRow, VariantSortKey, VariantTablePage } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import type { Library } from '../../library/library.ts';
import { annotatedCase } from './annotatedVariants.ts';
import { currentRows } from './storedAnnotations.ts';

export interface TableQuery {
  filters?: VariantFilters;
  sort?: VariantSortKey;
  descending?: boolean;
  cursor?: string | null;
  limit: number;
}

const tierOf = (row: VariantRow): string | null => row.override?.tier ?? row.call?.tier ?? null;
const TIER_ORDER = ['Tier I', 'Tier II', 'Tier III', 'Tier IV', 'pathogenic', 'likely pathogenic', 'VUS', 'likely benign', 'benign', 'not in ClinVar'];
const chromOrder = (chrom: string): number => {
  const name = chrom.replace(/^chr/i, '').toUpperCase();
  return /^\d+$/.test(name) ? Number(name) : ({ X: 23, Y: 24, M: 25, MT: 25 } as Record<string, number>)[name] ?? 26;
};

function matches(row: VariantRow, f: VariantFilters): boolean {
  if (f.tier && tierOf(row) !== f.tier) return false;
  if (f.gene && row.gene?.toUpperCase() !== f.gene.trim().toUpperCase()) return false;
  if (f.significance) {
    const wanted = f.significance.toLowerCase();
    if (wanted === 'none' ? row.clinvar !== null : !row.clinvar?.significance.toLowerCase().includes(wanted)) return false;
  }
  if (f.vafMin !== undefined && (row.vaf === null || row.vaf < f.vafMin)) return false;
  if (f.consequence && row.consequence !== f.consequence) return false;
  if (f.search) {
    const text = `${row.chrom}:${row.pos} ${row.ref}>${row.alt} ${row.gene ?? ''} ${row.hgvsp ?? ''} ${row.name ?? ''}`.toLowerCase();
    if (!text.includes(f.search.trim().toLowerCase())) return false;
  }
  return true;
}

/** Compares two rows by `key`; rows without a value go last whichever the direction. */
function compare(key: VariantSortKey, a: VariantRow, b: VariantRow): number | null {
  const value = (row: VariantRow): string | number | null => {
    switch (key) {
      case 'gene': return row.gene;
      case 'consequence': return row.consequence;
      case 'vaf': return row.vaf;
      case 'significance': return row.clinvar?.significance ?? null;
      case 'score': return row.score;
      case 'tier': { const t = tierOf(row); return t === null ? null : TIER_ORDER.indexOf(t); }
      default: return chromOrder(row.chrom) * 1e10 + row.pos;
    }
  };
  const x = value(a);
  const y = value(b);
  if (x === null || y === null) return x === y ? 0 : null;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

export async function variantTable(library: Library, caseId: string, query: TableQuery): Promise<VariantTablePage> {
  const annotated = await annotatedCase(library, caseId);
  const all = currentRows(library, caseId, annotated).rows;
  const rows = all.filter((row) => matches(row, query.filters ?? {}));
  const key = query.sort ?? 'position';
  const sign = query.descending ? -1 : 1;
  rows.sort((a, b) => {
    const c = compare(key, a, b);
    if (c === null) return compare(key, a, a) === null ? 1 : -1;
    return sign * c || a.variantId - b.variantId;
  });
  const start = query.cursor ? Number(query.cursor) : 0;
  const items = rows.slice(start, start + query.limit);
  const distinct = (values: Array<string | null>): string[] => [...new Set(values.filter((v): v is string => v !== null))].sort();
  return {
    items,
    next: start + query.limit < rows.length ? String(start + query.limit) : null,
    total: rows.length,
    files: annotated.files,
    notes: annotated.notes,
    options: {
      genes: distinct(all.map((r) => r.gene)),
      consequences: distinct(all.map((r) => r.consequence)),
      tiers: distinct(all.map(tierOf)).sort((a, b) => TIER_ORDER.indexOf(a) - TIER_ORDER.indexOf(b)),
    },
  };
}

export async function variantDetail(library: Library, caseId: string, variantId: number): Promise<VariantDetail> {
  const annotated = await annotatedCase(library, caseId);
  const found = annotated.variants.find((v) => v.row.variantId === variantId);
  if (!found) throw new AppError('not-found', 'This variant is not in the case any more: reload the Genomics tab.');
  const current = currentRows(library, caseId, annotated);
  const file = annotated.files.find((f) => f.fileId === found.row.fileId)!;
  const packs = annotated.packsByFile.get(file.fileId)!;
  // An annotated file's evidence comes from its run's packs; otherwise from the packs read now.
  const runPacks = current.runPacks.get(file.fileId)?.map((id) => library.knowledgePacks.get(id)).filter((p) => p !== null && p !== undefined);
  // The run's packs include the gene pack it used: each pack listed once.
  const used = [...new Map([...(packs.genePack ? [packs.genePack] : []), ...(runPacks ?? packs.knowledge.packs)].map((p) => [p.id, p])).values()];
  return {
    row: current.rows.find((r) => r.variantId === variantId)!,
    file,
    civic: current.civic.get(variantId) ?? [],
    region: found.gene?.region ?? null,
    hgvsc: found.gene?.hgvsc ?? null,
    transcript: found.gene?.transcript ?? null,
    packs: used.map((p) => ({ id: p.id, kind: p.kind, source: p.source, releaseDate: p.releaseDate, build: p.build })),
  };
}
