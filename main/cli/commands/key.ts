// `precis key change`: a new passphrase for a data directory (see main/security/keyChange.ts for how
// it stays openable if killed halfway). The current key comes the usual way (PRECIS_PASSPHRASE, the
// prompt or the machine key); the new passphrase from PRECIS_NEW_PASSPHRASE or the prompt, twice.
import { userInfo } from 'node:os';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { changeMasterKey } from '../../services/keyChange.ts';
import { keyringSource, type MasterKeySource } from '../../security/keys.ts';
import { canPrompt, promptNewPassphrase, resolveNodeKeySource } from '../../security/keySource.ts';

async function newKeySource(): Promise<MasterKeySource> {
  const fromEnv = process.env.PRECIS_NEW_PASSPHRASE;
  if (fromEnv) return { kind: 'passphrase', passphrase: fromEnv };
  if (!canPrompt(true)) {
    throw new AppError('passphrase-required', 'precis key change needs the new passphrase: set PRECIS_NEW_PASSPHRASE or run it on a terminal.');
  }
  return { kind: 'passphrase', passphrase: await promptNewPassphrase('New passphrase: ') };
}

export const keyChangeCommand: CliCommand = {
  name: 'key change',
  summary: 'protect the data directory with a new passphrase (PRECIS_NEW_PASSPHRASE or asked twice)',
  jsonShape: '{ cases, from, to }',
  async run({ dataDir, json }) {
    if (keyringSource(dataDir) === null) {
      throw new AppError('not-found', `${dataDir} is not a Precis data directory yet: there is no key to change.`);
    }
    const from = await resolveNodeKeySource(dataDir, { interactive: true });
    const to = await newKeySource();
    const result = changeMasterKey(dataDir, from, to, `cli:${userInfo().username}`);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`key changed: ${result.cases} case keys re-wrapped, library re-keyed (${result.from} -> ${result.to})\n`);
    return 0;
  },
};
