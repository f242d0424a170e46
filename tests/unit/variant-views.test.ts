// The Genomics tab's reads through the API dispatcher (issue 15, item 6) on a real data directory: PCGR's
// T001-COAD tumour (GRCh37) attached by `precis vcf import` as a colorectal somatic test, the CIViC
// dump of 1 Aug 2021 installed by `precis knowledge import`, no GRCh37 gene pack. The table says why it
// has no genes, filters BRAF V600E as Tier I, sorts and pages without losing a row; its detail gives
// the CIViC evidence and the rule; a variant linked to a finding is audited in the case.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatcher.ts';
import type { HandlerContext } from '../../main/api/types.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { ApiChannel, VariantDetail, VariantRow, VariantTablePage } from '../../preload/api.ts';
import { PASSPHRASE, removeTempDirs, runCli, sharedData, tempDir } from './support/env.ts';

const GENOMICS = join(sharedData, 'genomics');
const VCF = join(GENOMICS, 'pcgr-tcga-somatic', 'T001-COAD.grch37.vcf.gz');

describe('variants.table, variants.detail and variants.link', () => {
  let core: Core;
  let ctx: HandlerContext;
  let caseId: string;
  const call = async <T>(channel: ApiChannel, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };
  const table = (args: Record<string, unknown>): Promise<VariantTablePage> => call('variants.table', { caseId, limit: 1000, ...args });

  beforeAll(() => {
    const dataDir = tempDir('variant-views');
    const vcf = runCli(['vcf', 'import', VCF, '--patient', 'T001', '--build', 'GRCh37', '--test-type', 'somatic', '--tumour-type', 'colorectal', '--data-dir', dataDir, '--json']);
    expect(vcf.code, vcf.stderr).toBe(0);
    expect(runCli(['knowledge', 'import', join(GENOMICS, 'civic-2021-08-01'), '--data-dir', dataDir]).code).toBe(0);
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'dr-test');
    ctx = { core, transport: 'web', importRoots: [], emit: () => undefined };
    caseId = core.library.findCase('T001')!;
  }, 60_000);

  afterAll(() => {
    core?.close();
    removeTempDirs();
  });

  it('says there is no gene annotation for GRCh37, and finds BRAF V600E as Tier I with its CIViC evidence and the rule', async () => {
    // Failing: the table hides why genes are missing, or the tier, its rule or its sources are not shown.
    const all = await table({});
    expect(all.notes.join(' ')).toContain('No gene annotation for GRCh37');
    expect(all.items.every((v) => v.gene === null)).toBe(true);
    expect(all.options.tiers).toContain('Tier I');
    const tierOne = await table({ filters: { tier: 'Tier I' } });
    const braf = tierOne.items.find((v) => v.chrom === '7' && v.pos === 140453136 && v.ref === 'A' && v.alt === 'T');
    expect(braf?.call?.rule).toMatch(/level (A|B)/);
    expect(tierOne.total).toBeLessThan(all.total);
    const detail = await call<VariantDetail>('variants.detail', { caseId, variantId: braf!.variantId });
    const colorectal = detail.civic.find((e) => /colorectal/i.test(e.disease) && e.level === 'B' && e.evidenceType === 'Predictive');
    expect(colorectal).toMatchObject({ direction: 'Supports' });
    expect(colorectal!.drugs.length).toBeGreaterThan(0);
    expect(colorectal!.evidenceId).toMatch(/^EID\d+$/);
    expect(detail.packs.map((p) => p.source)).toEqual(['CIViC']);
    expect(detail.file.tumourType).toBe('colorectal');
  });

  it('after precis vcf annotate, shows the stored call with a clinician\'s override beside it, and filters by the override', async () => {
    // Failing: an override is hidden, replaces the automatic call on screen, or the tier filter ignores it.
    expect(runCli(['vcf', 'annotate', '--patient', 'T001', '--data-dir', core.library.dataDir]).code).toBe(0);
    const braf = (await table({ filters: { search: '7:140453136' } })).items[0]!;
    expect(braf.call?.tier).toBe('Tier I');
    await call('knowledge.override', { caseId, variantId: String(braf.variantId), tier: 'Tier II', rationale: 'tumour board: subclonal' });
    const [shown] = (await table({ filters: { tier: 'Tier II', search: '7:140453136' } })).items;
    expect(shown).toMatchObject({ call: { tier: 'Tier I' }, override: { tier: 'Tier II', rationale: 'tumour board: subclonal', by: 'dr-test' } });
    expect((await table({ filters: { tier: 'Tier I', search: '7:140453136' } })).total).toBe(0);
    const detail = await call<VariantDetail>('variants.detail', { caseId, variantId: braf.variantId });
    expect(detail.civic.some((e) => /colorectal/i.test(e.disease) && e.level === 'B')).toBe(true);
  });

  it('sorts by VAF, filters by minimum VAF and search, and pages through every variant once', async () => {
    // Failing: a sort or filter shows rows it should not, or a page repeats or loses a variant.
    const byVaf = (await table({ sort: 'vaf', descending: true })).items.map((v) => v.vaf).filter((v): v is number => v !== null);
    expect(byVaf.length).toBeGreaterThan(100);
    expect(byVaf.every((v, i) => i === 0 || v <= byVaf[i - 1]!)).toBe(true);
    const high = await table({ filters: { vafMin: 0.4 } });
    expect(high.total).toBeGreaterThan(0);
    expect(high.items.every((v) => (v.vaf ?? 0) >= 0.4)).toBe(true);
    expect((await table({ filters: { search: '7:140453136' } })).items.map((v) => v.pos)).toEqual([140453136]);
    const seen: VariantRow[] = [];
    let cursor: string | null = null;
    do {
      const page: VariantTablePage = await table({ sort: 'tier', cursor, limit: 700 });
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    const files = (await table({})).files;
    expect(seen.length).toBe(files[0]!.variants);
    expect(new Set(seen.map((v) => v.variantId)).size).toBe(seen.length);
  });

  it('links a variant to a finding of the case, audited, and refuses an annotation the case does not have', async () => {
    // Failing: a link to a lesion is kept without an audit row, or to an annotation from nowhere.
    const [first] = (await table({})).items;
    await expect(call('variants.link', { caseId, variantId: first!.variantId, annotationUID: 'no-such-annotation', linked: true })).rejects.toMatchObject({ code: 'not-found' });
    const kase = core.library.openCase(caseId);
    kase.annotations.save({ annotationUID: 'biopsy-site', tool: 'Length', SOPInstanceUID: null, frame: null, SeriesInstanceUID: null, FrameOfReferenceUID: '1.2.3', points: [[0, 0, 0], [10, 0, 0]], geometry: {}, label: '', stats: {} }, 'dr-test', null);
    expect(await call('variants.link', { caseId, variantId: first!.variantId, annotationUID: 'biopsy-site', linked: true })).toEqual({ changed: true });
    expect(await call('variants.link', { caseId, variantId: first!.variantId, annotationUID: 'biopsy-site', linked: true })).toEqual({ changed: false });
    expect(await call('variants.lesions', { caseId })).toEqual([{ annotationUID: 'biopsy-site', variants: [{ variantId: first!.variantId, text: `${first!.chrom}:${first!.pos} ${first!.ref || '-'}>${first!.alt || '-'}` }] }]);
    const audit = kase.handles.read.prepare("SELECT actor, detail FROM case_audit WHERE action = 'variant.link'").all() as Array<{ actor: string; detail: string }>;
    expect(audit).toEqual([{ actor: 'dr-test', detail: expect.stringContaining('biopsy-site') }]);
  });
});
