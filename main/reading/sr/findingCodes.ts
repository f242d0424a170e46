// A finding (preload/api.ts Finding: what the lesion is, where, RECIST target or not) as TID 1501's
// Finding and Finding Site codes. Its texts are typed by a reader, so they get private codes (99PRECIS)
// whose meaning is the text; the target flag has no standard code and goes in the Precis item.
import { createHash } from 'node:crypto';
import type { Finding } from '../../../preload/api.ts';
import { code, PRIVATE_SCHEME, type Code } from './codes.ts';

/** A code for text a reader typed: stable for the same text; its meaning the text (a code meaning holds
 *  64 characters: a longer text is shortened there with "…" and kept whole in the Precis item). */
export function freeTextCode(text: string): Code {
  const value = `F${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 15).toUpperCase()}`;
  return code(value, PRIVATE_SCHEME, [...text].length <= 64 ? text : `${[...text].slice(0, 63).join('')}…`);
}

/** What Finding and Finding Site give back without the Precis item (another producer's report). */
export function findingFromCodes(finding: Code | null, site: Code | null): Finding | null {
  return finding || site ? { label: finding?.meaning ?? '', location: site?.meaning ?? '', target: false } : null;
}
