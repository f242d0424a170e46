// A key change that kills its own process (SIGKILL, no cleanup, like a power cut) at a chosen step.
// Usage: node keyChangeVictim.ts <dataDir> <oldPassphrase> <newPassphrase> <step>
import { changeMasterKey } from '../../../main/services/keyChange.ts';

const [dataDir, oldPassphrase, newPassphrase, killAt] = process.argv.slice(2);
changeMasterKey(dataDir!, { kind: 'passphrase', passphrase: oldPassphrase! }, { kind: 'passphrase', passphrase: newPassphrase! }, 'test', (step) => {
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
});
