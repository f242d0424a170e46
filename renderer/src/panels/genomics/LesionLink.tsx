// Links the selected variant to the lesion a biopsy came from: one of the case's findings (measurements
// promoted to findings in the viewer). The viewer then writes the variant on that lesion.
import { useState } from 'react';
import { useAnnotations } from '../../reading/annotationSync.ts';
import { setLesionLink, useLesionLinks } from '../../reading/lesionLinks.ts';

export function LesionLink({ caseId, variantId }: { caseId: string; variantId: number }) {
  const records = useAnnotations((s) => s.records);
  const annotationsCase = useAnnotations((s) => s.caseId);
  const findings = annotationsCase === caseId ? records.filter((r) => r.finding) : [];
  const lesions = useLesionLinks((s) => s.lesions);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const linked = findings.filter((f) => lesions.some((l) => l.annotationUID === f.annotationUID && l.variants.some((v) => v.variantId === variantId)));
  const act = (annotationUID: string, link: boolean): void => {
    setError(null);
    setLesionLink(caseId, variantId, annotationUID, link).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  if (findings.length === 0) return <p className="muted">No finding in this case yet: mark the biopsied lesion as a finding in the viewer to link this variant to it.</p>;
  return (
    <div className="lesion-link">
      <ul>
        {linked.map((f) => (
          <li key={f.annotationUID} data-testid="variant-linked-lesion">
            {f.finding!.label}{f.finding!.location && <> · {f.finding!.location}</>}{' '}
            <button className="link" onClick={() => act(f.annotationUID, false)} title="Remove the link (audited)">Unlink</button>
          </li>
        ))}
      </ul>
      <select data-testid="variant-link-lesion" aria-label="Lesion" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        <option value="">Choose a finding…</option>
        {findings.map((f) => <option key={f.annotationUID} value={f.annotationUID}>{f.finding!.label}{f.finding!.location ? ` · ${f.finding!.location}` : ''}</option>)}
      </select>{' '}
      <button data-testid="variant-link" disabled={!chosen} onClick={() => act(chosen, true)} title="Link this variant to the lesion the biopsy came from (audited)">Link to lesion</button>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
