// One variant's evidence with its sources: the record as read from the VCF, the gene pack's transcript
// change, ClinVar's record (id, significance, review status), each CIViC evidence item (disease, drugs,
// level, direction, evidence id, publication), the rule that fired for the tier or class
// with a clinician's override beside it (and the form to make one), and the packs used.
import type { VariantDetail as Detail } from '../../../../preload/api.ts';
import { consequenceText, locus, stars, vafText } from './format.ts';
import { useGenomics } from './genomicsStore.ts';
import { LesionLink } from './LesionLink.tsx';
import { VariantOverride } from './VariantOverride.tsx';

function Civic({ detail }: { detail: Detail }) {
  if (detail.civic.length === 0) return <p className="muted">No CIViC evidence for this allele.</p>;
  return (
    <ul className="civic-list">
      {detail.civic.map((e) => (
        <li key={e.evidenceId} data-testid="variant-civic">
          <strong>{e.evidenceId}</strong> level {e.level} · {e.evidenceType} · {e.direction} {e.clinicalSignificance}
          <div>{e.disease}{e.drugs.length > 0 && <> · {e.drugs.join(' + ')}</>}</div>
          <div className="muted">{e.gene} {e.variant} · {e.origin} · {e.source}</div>
        </li>
      ))}
    </ul>
  );
}

export function VariantDetail() {
  const detail = useGenomics((s) => s.detail);
  const selected = useGenomics((s) => s.selected);
  if (!detail || detail.row.variantId !== selected) return null;
  const { row, file } = detail;
  return (
    <section className="variant-detail" data-testid="variant-detail" data-variant-id={row.variantId}>
      <h3>{locus(row)} {row.gene && <>· {row.gene}</>}</h3>
      <dl>
        <dt>Read from</dt><dd>{file.name}, line {row.line}{row.name && <> · ID {row.name}</>} · {file.build} · {file.testType}{file.tumourType && <> · {file.tumourType}</>}</dd>
        <dt>Genotype</dt><dd className="num">{row.genotype ?? '—'} · depth {row.depth ?? '—'} · alt reads {row.altDepth ?? '—'} · VAF {vafText(row.vaf)}</dd>
        <dt>Consequence</dt><dd>{consequenceText(row.consequence)}{detail.region && <> · {detail.region}</>}{detail.transcript && <> · {detail.transcript}</>}{detail.hgvsc && <> {detail.hgvsc}</>}{row.hgvsp && <> {row.hgvsp}</>}</dd>
        <dt>ClinVar</dt>
        <dd data-testid="variant-clinvar">{row.clinvar ? <>{row.clinvar.significance} · {stars(row.clinvar.stars)} {row.clinvar.reviewStatus} · Variation ID {row.clinvar.id}</> : 'No ClinVar record for this allele (or no ClinVar pack).'}</dd>
        <dt>Call</dt>
        <dd data-testid="variant-rule">{row.call ? <><strong>{row.call.tier}</strong>{row.call.level && <> (level {row.call.level})</>}: {row.call.rule}</> : 'No call: no ClinVar or CIViC pack for this build.'}
          {row.override && <div data-testid="variant-detail-override">Override: <strong>{row.override.tier}</strong> by {row.override.by}, {row.override.at}: {row.override.rationale}</div>}</dd>
        <dt>Rank score</dt><dd>{row.score === null ? 'Not scored' : `${row.score.toFixed(2)} (a ranking aid, not a classification)`}</dd>
      </dl>
      <h4>Override the call</h4>
      <VariantOverride key={row.variantId} variantId={row.variantId} call={row.call} />
      <h4>CIViC evidence</h4>
      <Civic detail={detail} />
      <h4>Lesion (biopsy site)</h4>
      <LesionLink caseId={file.caseId} variantId={row.variantId} />
      <h4>Packs used</h4>
      <ul data-testid="variant-packs" className="muted">
        {detail.packs.length === 0 ? <li>None installed for {file.build}.</li> : detail.packs.map((p) => <li key={p.id}>{p.source} {p.releaseDate ?? 'undated'} ({p.kind}, {p.build}) · {p.id}</li>)}
      </ul>
    </section>
  );
}
