// A clinician's tier (somatic test) or class (germline test) for the selected variant, with a rationale:
// the API audits it and keeps the automatic call beside it. Offered only once `precis vcf annotate` has
// made an automatic call, since there is nothing to override before.
import { useState } from 'react';
import type { VariantCall } from '../../../../preload/api.ts';
import { overrideVariant } from './genomicsStore.ts';

// Values are the strings knowledge.override accepts; labels give AMP/ASCO/CAP 2017's meaning and levels.
const TIERS: Array<[string, string]> = [
  ['Tier I', 'Tier I: strong clinical significance (level A/B)'],
  ['Tier II', 'Tier II: potential clinical significance (level C/D)'],
  ['Tier III', 'Tier III: unknown clinical significance'],
  ['Tier IV', 'Tier IV: benign or likely benign'],
];
const CLASSES: Array<[string, string]> = ['pathogenic', 'likely pathogenic', 'VUS', 'likely benign', 'benign'].map((c) => [c, c]);

export function VariantOverride({ variantId, call }: { variantId: number; call: VariantCall | null }) {
  const [tier, setTier] = useState('');
  const [rationale, setRationale] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!call) return <p className="muted" data-testid="variant-override-unavailable">No automatic call to override yet: annotate the file first (precis vcf annotate --patient ID).</p>;
  // The API's own test: a call named 'Tier …' is somatic, anything else a germline class.
  const choices = call.tier.startsWith('Tier') ? TIERS : CLASSES;
  const save = (): void => {
    setSaving(true);
    setError(null);
    overrideVariant(variantId, tier, rationale)
      .then(() => { setTier(''); setRationale(''); })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setSaving(false));
  };
  return (
    <div className="variant-override-form">
      <select data-testid="variant-override-tier" aria-label={choices === TIERS ? 'Tier' : 'Class'} value={tier} onChange={(e) => setTier(e.target.value)}>
        <option value="">{choices === TIERS ? 'Choose a tier…' : 'Choose a class…'}</option>
        {choices.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
      <textarea data-testid="variant-override-rationale" aria-label="Rationale" placeholder="Why the automatic call is replaced (required)" rows={2}
        value={rationale} onChange={(e) => setRationale(e.target.value)} />
      <button data-testid="variant-override-save" disabled={saving || !tier || rationale.trim() === ''} onClick={save}
        title="Keep this tier or class beside the automatic call, with your name and the time (audited)">Save override</button>
      {error && <p className="error" role="alert" data-testid="variant-override-error">{error}</p>}
    </div>
  );
}
