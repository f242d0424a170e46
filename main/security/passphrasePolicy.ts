// The minimum a NEW passphrase must meet. scrypt makes each guess slow, but a short or trivially
// patterned passphrase is still found by a dictionary run. An existing directory's passphrase is never
// re-checked: this only guards the moment a passphrase is chosen (a new directory, a key change).
import { AppError } from '../errors.ts';

export const MIN_PASSPHRASE_LENGTH = 12;
const MIN_DISTINCT_CHARACTERS = 5;
// Bases of the most common passwords; a passphrase that is only one of these plus digits or
// punctuation ("Password2024!!") is refused.
const COMMON_BASES = new Set(['password', 'passphrase', 'passwort', 'qwerty', 'qwertyuiop', 'azerty', 'letmein', 'iloveyou', 'admin', 'welcome', 'precis', 'secret', 'changeme', 'abcdef', 'abcdefghijkl']);

/** Why `passphrase` is too weak, or null when it is acceptable. */
export function passphraseWeakness(passphrase: string): string | null {
  const chars = [...passphrase];
  if (chars.length < MIN_PASSPHRASE_LENGTH) return `it has ${chars.length} characters, at least ${MIN_PASSPHRASE_LENGTH} are needed`;
  if (new Set(chars.map((c) => c.toLowerCase())).size < MIN_DISTINCT_CHARACTERS) return 'it uses too few different characters';
  if (isRepetition(passphrase.toLowerCase())) return 'it is one short piece repeated';
  if (/^[\d\s\W_]*$/.test(passphrase)) return 'it has no letters';
  if (COMMON_BASES.has(passphrase.toLowerCase().replace(/[^a-z]/g, ''))) return 'it is a common password with digits or symbols added';
  return null;
}

/** "abcabcabcabc", "word word word ": a unit repeated over the whole text. */
function isRepetition(text: string): boolean {
  for (let unit = 1; unit <= text.length / 2; unit++) {
    if (text.length % unit === 0 && text.slice(unit) + text.slice(0, unit) === text) return true;
  }
  return false;
}

export function assertStrongPassphrase(passphrase: string): void {
  const weakness = passphraseWeakness(passphrase);
  if (weakness) {
    throw new AppError(
      'weak-passphrase',
      `This passphrase is too weak (${weakness}): choose at least ${MIN_PASSPHRASE_LENGTH} characters, for example a few unrelated words.`,
    );
  }
}
