// The case's variants, one row each: locus and alleles, gene, consequence, genotype, VAF, ClinVar with
// its stars, the tier or class (a clinician's override beside the automatic call) and the ranking score.
// Headers sort (again: reverse); pages of PAGE_SIZE through the API's cursor.
import type { VariantRow, VariantSortKey } from '../../../../preload/api.ts';
import { consequenceText, locus, scoreText, stars, vafText } from './format.ts';
import { nextPage, PAGE_SIZE, previousPage, selectVariant, sortBy, useGenomics } from './genomicsStore.ts';

const COLUMNS: Array<{ key: VariantSortKey | null; label: string; title?: string }> = [
  { key: 'position', label: 'Variant' },
  { key: 'gene', label: 'Gene' },
  { key: 'consequence', label: 'Consequence' },
  { key: null, label: 'GT' },
  { key: 'vaf', label: 'VAF' },
  { key: 'significance', label: 'ClinVar' },
  { key: 'tier', label: 'Tier / class' },
  { key: 'score', label: 'Rank score', title: 'Score of the variant-ranker model: a ranking aid for review order, never a classification' },
];

function Tier({ row }: { row: VariantRow }) {
  if (!row.call && !row.override) return <>—</>;
  return (
    <span title={row.call?.rule}>
      {row.override ? <><strong data-testid="variant-override">{row.override.tier}</strong> <span className="muted">(auto: {row.call?.tier ?? '—'})</span></> : row.call?.tier}
    </span>
  );
}

function Row({ row, selected }: { row: VariantRow; selected: boolean }) {
  return (
    <tr data-testid="variant-row" data-variant-id={row.variantId} className={selected ? 'selected' : ''} onClick={() => void selectVariant(row.variantId)} tabIndex={0}
      onKeyDown={(e) => e.key === 'Enter' && void selectVariant(row.variantId)} aria-selected={selected}>
      <td className="num">{locus(row)}</td>
      <td>{row.gene ?? '—'}{row.hgvsp && <div className="muted">{row.hgvsp}</div>}</td>
      <td>{consequenceText(row.consequence)}</td>
      <td className="num">{row.genotype ?? '—'}</td>
      <td className="num">{vafText(row.vaf)}</td>
      <td>{row.clinvar ? <>{row.clinvar.significance} <span className="stars" title={row.clinvar.reviewStatus}>{stars(row.clinvar.stars)}</span></> : '—'}</td>
      <td><Tier row={row} /></td>
      <td className="num">{scoreText(row.score)}</td>
    </tr>
  );
}

export function VariantTable() {
  const page = useGenomics((s) => s.page);
  const trail = useGenomics((s) => s.trail);
  const sort = useGenomics((s) => s.sort);
  const descending = useGenomics((s) => s.descending);
  const selected = useGenomics((s) => s.selected);
  const loading = useGenomics((s) => s.loading);
  if (!page) return <p className="muted">Loading variants…</p>;
  const first = (trail.length - 1) * PAGE_SIZE;
  return (
    <>
      <div className="variant-paging">
        <span data-testid="variant-count" className="num">
          {page.total === 0 ? 'No variant matches.' : `${(first + 1).toLocaleString('en-US')}–${(first + page.items.length).toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')} variants`}
        </span>
        <button data-testid="variant-page-previous" disabled={trail.length < 2 || loading} onClick={previousPage} title="Previous page">‹ Previous</button>
        <button data-testid="variant-page-next" disabled={!page.next || loading} onClick={nextPage} title="Next page">Next ›</button>
      </div>
      <div className="variant-table-scroll">
        <table data-testid="variant-table" data-loading={loading} className="variant-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.label} title={c.title} aria-sort={c.key === sort ? (descending ? 'descending' : 'ascending') : undefined}>
                  {c.key ? <button className="link" data-testid={`variant-sort-${c.key}`} onClick={() => sortBy(c.key!)}>{c.label}{c.key === sort ? (descending ? ' ▼' : ' ▲') : ''}</button> : c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{page.items.map((row) => <Row key={row.variantId} row={row} selected={row.variantId === selected} />)}</tbody>
        </table>
      </div>
    </>
  );
}
