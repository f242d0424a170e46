// The patient list in pages through the real API dispatcher (as both transports call it) on a real
// library: pages follow each other without gaps or repeats, the count covers every match, and a
// cursor that is not one of ours is refused with a stable code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, PatientPage } from '../../preload/api.ts';
import { dispatch } from '../../main/api/dispatcher.ts';
import { openCore, type Core } from '../../main/core.ts';
import { importDicom } from '../../main/services/import/importDicom.ts';
import { charsetFiles, PASSPHRASE, pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';

let core: Core;

async function search(args: Record<string, unknown>): Promise<ApiEnvelope<unknown>> {
  return dispatch('patients.search', args, { core, transport: 'web', emit: () => {} });
}

async function page(args: Record<string, unknown>): Promise<PatientPage> {
  const envelope = await search(args);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as PatientPage;
}

/** Every page of `query`, `limit` rows at a time, following `next`. */
async function allPages(query: string, limit: number): Promise<PatientPage[]> {
  const pages = [await page({ query, limit })];
  for (let next = pages[0]?.next; next; next = pages[pages.length - 1]?.next) pages.push(await page({ query, limit, cursor: next }));
  return pages;
}

describe('patients.search pages', () => {
  beforeAll(async () => {
    core = openCore(tempDir('pages'), { kind: 'passphrase', passphrase: PASSPHRASE }, 'test');
    await importDicom(core.library, [charsetFiles, pydicomFiles]);
  });

  afterAll(async () => {
    await core?.close();
    removeTempDirs();
  });

  it('walks every patient once, in name order, and the total counts them all', async () => {
    // Failing: scrolling the patient list skips or repeats patients, or never reaches the last one.
    const everyone = core.library.searchPatients('', 100_000).map((p) => p.caseId);
    expect(everyone.length).toBeGreaterThan(10);
    const pages = await allPages('', 4);
    expect(pages.flatMap((p) => p.items.map((i) => i.caseId))).toEqual(everyone);
    expect(pages.every((p) => p.total === everyone.length)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.items.length === 4 && p.next !== null)).toBe(true);
    expect(pages[pages.length - 1]?.next).toBeNull();
  });

  it('pages a search the same way, with the count of the matches only', async () => {
    // Failing: the count above a search result shows the whole library, or a search result ends early.
    const matches = core.library.searchPatients('compressedsamples', 100_000).map((p) => p.caseId);
    expect(matches.length).toBeGreaterThan(1);
    const pages = await allPages('compressedsamples', 1);
    expect(pages.flatMap((p) => p.items.map((i) => i.caseId))).toEqual(matches);
    expect(pages[0]?.total).toBe(matches.length);
  });

  it('refuses a cursor it did not hand out, with a sentence and the invalid-argument code', async () => {
    // Failing: a stale or tampered position crashes the list with an internal error.
    for (const cursor of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url')]) {
      const envelope = await search({ cursor });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(envelope.ok ? '' : envelope.error.message).toMatch(/reload the patient list/);
    }
  });
});
