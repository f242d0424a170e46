// The variant table's filters: tier, gene, ClinVar significance, minimum VAF, consequence, free search.
// The menus list only values present in the case (from the table's `options`).
import type { VariantTablePage } from '../../../../preload/api.ts';
import { setFilter, useGenomics } from './genomicsStore.ts';

const SIGNIFICANCES = ['pathogenic', 'likely pathogenic', 'uncertain', 'conflicting', 'benign', 'none'];

export function VariantFilters({ options }: { options: VariantTablePage['options'] }) {
  const filters = useGenomics((s) => s.filters);
  return (
    <div className="variant-filters">
      <input data-testid="variant-search" type="search" placeholder="Search chrom:pos, gene, p." aria-label="Search variants"
        defaultValue={filters.search ?? ''} onKeyDown={(e) => e.key === 'Enter' && setFilter('search', e.currentTarget.value.trim())} onBlur={(e) => setFilter('search', e.currentTarget.value.trim())} />
      <select data-testid="variant-filter-gene" aria-label="Gene" value={filters.gene ?? ''} onChange={(e) => setFilter('gene', e.target.value)}>
        <option value="">All genes</option>
        {options.genes.map((g) => <option key={g} value={g}>{g}</option>)}
      </select>
      <select data-testid="variant-filter-consequence" aria-label="Consequence" value={filters.consequence ?? ''} onChange={(e) => setFilter('consequence', e.target.value)}>
        <option value="">All consequences</option>
        {options.consequences.map((c) => <option key={c} value={c}>{c.replace(/_/g, ' ')}</option>)}
      </select>
      <select data-testid="variant-filter-tier" aria-label="Tier or class" value={filters.tier ?? ''} onChange={(e) => setFilter('tier', e.target.value)}>
        <option value="">All tiers</option>
        {options.tiers.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <select data-testid="variant-filter-significance" aria-label="ClinVar significance" value={filters.significance ?? ''} onChange={(e) => setFilter('significance', e.target.value)}>
        <option value="">Any ClinVar</option>
        {SIGNIFICANCES.map((s) => <option key={s} value={s}>{s === 'none' ? 'not in ClinVar' : s}</option>)}
      </select>
      <label className="vaf-min">VAF ≥
        <input data-testid="variant-filter-vaf-min" type="number" min={0} max={100} step={1} aria-label="Minimum VAF in %" defaultValue={filters.vafMin === undefined ? '' : filters.vafMin * 100}
          onChange={(e) => setFilter('vafMin', e.target.value === '' ? undefined : Number(e.target.value) / 100)} /> %
      </label>
    </div>
  );
}
