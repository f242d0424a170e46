// The Genomics tab (issue 15, item 6): the selected patient's VCFs, their variants in a filterable,
// sortable, paged table, the selected variant's evidence and the genome track view. Everything is read
// from the case file and the packs installed on this machine.
import { useEffect } from 'react';
import { useApp } from '../../state/store.ts';
import { AttachVcf } from './AttachVcf.tsx';
import { GenomeTrack } from './GenomeTrack.tsx';
import { openCase, useGenomics } from './genomicsStore.ts';
import { VariantDetail } from './VariantDetail.tsx';
import { VariantFilters } from './VariantFilters.tsx';
import { VariantTable } from './VariantTable.tsx';
import './genomics.css';

export function GenomicsPanel() {
  const caseId = useApp((s) => s.open?.patient.caseId ?? s.selectedPatient?.caseId ?? null);
  const page = useGenomics((s) => s.page);
  const error = useGenomics((s) => s.error);
  useEffect(() => openCase(caseId), [caseId]);

  if (!caseId) return <div className="panel-body"><p className="empty-state" data-testid="panel-empty">No genomic data yet. Select a patient to see the variants of their VCFs.</p></div>;
  if (page && page.files.length === 0) {
    return (
      <div className="panel-body">
        <p className="empty-state" data-testid="panel-empty">
          No genomic data yet. Attach a VCF to this patient (here, or precis vcf import FILE --patient ID) and its variants appear here.
        </p>
        <AttachVcf caseId={caseId} />
      </div>
    );
  }
  return (
    <div className="panel-body genomics-panel" data-testid="genomics-panel">
      {error && <p className="error" role="alert">{error}</p>}
      {page && (
        <>
          <p className="muted" data-testid="genomics-files">
            {page.files.map((f) => `${f.name} · ${f.build} · ${f.testType}${f.tumourType ? ` (${f.tumourType})` : ''}${f.sample ? ` · ${f.sample}` : ''}`).join('; ')}
          </p>
          {page.notes.map((n) => <p key={n} className="genomics-note" data-testid="genomics-note">{n}</p>)}
          <AttachVcf caseId={caseId} />
          <VariantFilters options={page.options} />
        </>
      )}
      <VariantTable />
      <VariantDetail />
      {page && <GenomeTrack key={page.files.length} caseId={caseId} />}
    </div>
  );
}
