// `precis audit verify`: walks the library's audit chain and every case file's, and says how many rows
// it checked and where the first broken link is. Exit 1 when any chain is broken.
import type { CliCommand } from '../command.ts';
import { type ChainCheck } from '../../security/repositories/auditChain.ts';

interface ChainReport extends ChainCheck {
  /** 'library', or the case id. */
  chain: string;
}

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: "check the audit chains (the library's and every case file's) for edited or removed events",
  jsonShape: '{ ok, chains: [{ chain, checked, brokenAt }] }',
  async run({ json, openCore }) {
    const core = await openCore();
    const chains: ChainReport[] = [{ chain: 'library', ...core.library.auditLog.check() }];
    for (const caseId of core.library.caseIds()) chains.push({ chain: caseId, ...core.library.openCase(caseId).checkAudit() });
    const broken = chains.filter((c) => c.brokenAt !== null);
    if (json) process.stdout.write(`${JSON.stringify({ ok: broken.length === 0, chains })}\n`);
    else {
      const rows = chains.reduce((n, c) => n + c.checked, 0);
      process.stdout.write(`checked ${rows} audit events in ${chains.length} chains (the library and ${chains.length - 1} case files)\n`);
      for (const c of broken) {
        const where = c.chain === 'library' ? 'the library' : `case ${c.chain}`;
        process.stdout.write(`  broken: ${where}, at event seq ${c.brokenAt} (edited, or an event before it removed)\n`);
      }
      if (broken.length === 0) process.stdout.write('all chains intact\n');
    }
    if (broken.length > 0) {
      process.stderr.write(`precis: ${broken.length} audit chain(s) broken (audit-broken); the events from that point on cannot be trusted\n`);
      return 1;
    }
    return 0;
  },
};
