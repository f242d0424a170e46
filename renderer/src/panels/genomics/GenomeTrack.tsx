// The genome track view (igv.js 3.8.10, bundled, loaded on first use): the reference pack's sequence,
// the case's variants and the gene pack's genes, all handed to igv as in-memory Files built by
// variants.track, never as URLs. Kept offline as measured in ../shared/notes/igvjs-offline.md: no
// default genome list, no locus search service, no cytoband; the CSP (connect-src 'self') stops
// whatever is left (the variant popup's NCBI lookup). Selecting a variant in the table moves here to it.
import { useEffect, useRef, useState } from 'react';
import type { GenomeTrackSources, VariantRow } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';
import { useGenomics } from './genomicsStore.ts';

type IgvBrowser = { search(locus: string): Promise<unknown> };
type Igv = { createBrowser(div: HTMLElement, config: unknown): Promise<IgvBrowser>; removeBrowser(b: IgvBrowser): void };

const ucsc = (chrom: string): string => `chr${chrom.replace(/^chr/i, '').toUpperCase().replace(/^MT$/, 'M')}`;
/** A 101-base window centred on the variant: bases and the variant readable at once. */
export const locusOf = (v: Pick<VariantRow, 'chrom' | 'pos'>): string => `${ucsc(v.chrom)}:${Math.max(1, v.pos - 50)}-${v.pos + 50}`;

function configOf(sources: GenomeTrackSources, locus: string): unknown {
  const file = (text: string, name: string): File => new File([text], name, { type: 'text/plain' });
  return {
    loadDefaultGenomes: false,
    search: false,
    showCytobands: false,
    reference: { id: sources.build, name: sources.build, fastaURL: file(sources.fasta, 'reference.fa'), indexed: false },
    locus,
    tracks: [
      ...(sources.genes ? [{ type: 'annotation', format: 'bed', name: 'Genes', url: file(sources.genes, 'genes.bed'), indexed: false, searchable: true, displayMode: 'EXPANDED' }] : []),
      { type: 'variant', format: 'vcf', name: 'Patient variants', url: file(sources.vcf, 'variants.vcf'), indexed: false, displayMode: 'EXPANDED' },
    ],
  };
}

export function GenomeTrack({ caseId }: { caseId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const browser = useRef<IgvBrowser | null>(null);
  const [state, setState] = useState<'loading' | 'rendered' | 'error'>('loading');
  const [notes, setNotes] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const detail = useGenomics((s) => s.detail);

  useEffect(() => {
    let live = true;
    let igv: Igv | null = null;
    setState('loading');
    void (async () => {
      try {
        const [sources, module] = await Promise.all([precis().variants.track({ caseId }), import('igv')]);
        if (!live || !host.current || !sources.build) return;
        igv = module.default as unknown as Igv;
        setNotes(sources.notes);
        const first = useGenomics.getState().detail?.row ?? useGenomics.getState().page?.items[0];
        browser.current = await igv.createBrowser(host.current, configOf(sources, first ? locusOf(first) : 'chr17'));
        if (live) setState('rendered');
      } catch (e) {
        if (live) { setError(e instanceof Error ? e.message : String(e)); setState('error'); }
      }
    })();
    return () => {
      live = false;
      if (igv && browser.current) igv.removeBrowser(browser.current);
      browser.current = null;
    };
  }, [caseId]);

  useEffect(() => {
    if (detail && browser.current && state === 'rendered') void browser.current.search(locusOf(detail.row));
  }, [detail, state]);

  return (
    <section className="genome-track" data-testid="genome-track" data-state={state} data-locus={detail ? locusOf(detail.row) : ''}>
      {notes.map((n) => <p key={n} className="genomics-note" data-testid="genome-track-note">{n}</p>)}
      {error && <p className="error">The track view could not be drawn: {error}</p>}
      <div ref={host} className="igv-host" />
    </section>
  );
}
