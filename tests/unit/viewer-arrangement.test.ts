// The viewer's arrangement kept for the reader: Frame of Reference links of a case (priors) and the
// layout per modality (hanging protocols), through the API on real encrypted files, across a restart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatcher.ts';
import type { HandlerContext } from '../../main/api/types.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { FrameLink, HangingProtocol } from '../../preload/api.ts';
import { cliImport, PASSPHRASE, pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';

const CT_SMALL = join(pydicomFiles, 'CT_small.dcm');

describe('frame links and hanging protocols', () => {
  let dataDir: string;
  let core: Core;
  let ctx: HandlerContext;
  let caseId: string;
  const call = async <T,>(channel: string, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };
  const reopen = async (actor: string): Promise<void> => {
    await core?.close();
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, actor);
    ctx = { core, transport: 'web', emit: () => undefined };
  };

  beforeAll(async () => {
    dataDir = tempDir('arrangement');
    expect(cliImport(dataDir, [CT_SMALL]).report.imported).toBe(1);
    await reopen('reader-1');
    caseId = core.library.searchPatients('', 10)[0]?.caseId ?? '';
  });

  afterAll(async () => {
    await core.close();
    removeTempDirs();
  });

  it('keeps a link both ways, replaces it when linked again, and audits it', async () => {
    // Failing: a prior linked once must be linked again after every restart, or scrolls to the wrong anatomy.
    await call<FrameLink>('frameLinks.link', { caseId, from: '1.2.840.1', to: '1.2.840.2', offset: [0, 0, 30] });
    await call<FrameLink>('frameLinks.link', { caseId, from: '1.2.840.1', to: '1.2.840.2', offset: [1.5, -2, 29.25] });
    await reopen('reader-2');
    const links = await call<FrameLink[]>('frameLinks.list', { caseId });
    expect(links.map((l) => [l.fromFrameOfReferenceUID, l.toFrameOfReferenceUID, l.offset])).toEqual([
      ['1.2.840.1', '1.2.840.2', [1.5, -2, 29.25]],
      ['1.2.840.2', '1.2.840.1', [-1.5, 2, -29.25]],
    ]);
    expect(links[0]?.linkedBy).toBe('reader-1');
    const audited = core.library.openCase(caseId).handles.read.prepare("SELECT action FROM case_audit WHERE action = 'frames.link'").pluck().all();
    expect(audited).toHaveLength(2);
    expect(await call<{ unlinked: boolean }>('frameLinks.unlink', { caseId, from: '1.2.840.2', to: '1.2.840.1' })).toEqual({ unlinked: true });
    expect(await call<FrameLink[]>('frameLinks.list', { caseId })).toEqual([]);
  });

  it('refuses a link of a frame to itself, and an offset that is not three finite millimetre values', async () => {
    // Failing: a nonsense link would move a prior to a slice kilometres away, silently.
    await expect(call('frameLinks.link', { caseId, from: '1.2.3', to: '1.2.3', offset: [0, 0, 1] })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(call('frameLinks.link', { caseId, from: '1.2.3', to: '1.2.4', offset: [0, 0] })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(call('frameLinks.link', { caseId, from: '1.2.3', to: '1.2.4', offset: [0, 0, 1e9] })).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('keeps one layout per modality in the library, the last saved, audited', async () => {
    // Failing: the layout a reader saved for CT is forgotten, or MR studies open in the CT layout.
    await call<HangingProtocol>('hangingProtocols.save', { modality: 'CT', layout: '2x2' });
    await call<HangingProtocol>('hangingProtocols.save', { modality: 'MR', layout: 'mpr' });
    await call<HangingProtocol>('hangingProtocols.save', { modality: 'CT', layout: '1x2' });
    await reopen('reader-3');
    expect((await call<HangingProtocol[]>('hangingProtocols.list', {})).map((p) => [p.modality, p.layout])).toEqual([['CT', '1x2'], ['MR', 'mpr']]);
    await expect(call('hangingProtocols.save', { modality: 'CT', layout: '3x3' })).rejects.toMatchObject({ code: 'invalid-argument' });
    const audited = core.library.handles.read.prepare("SELECT count(*) FROM audit_events WHERE action = 'hanging.save'").pluck().get();
    expect(audited).toBe(3);
  });
});
