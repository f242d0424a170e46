// Placeholder until genomics lands: the patient's variants, read from files imported into the case.
export function GenomicsPanel() {
  return (
    <div className="panel-body">
      <p className="empty-state" data-testid="panel-empty">
        No genomic data yet. Variants from VCF files you import into this case appear here.
      </p>
    </div>
  );
}
