// Patient search words: name components, ID and birth date, upper case without diacritics, so that
// "müller" finds "MÜLLER^HANS" and "1950-01-02" finds 19500102. Matching is by word prefix.

export function normalizeTerm(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().trim();
}

/** Splits free text (or a DICOM PN with ^ and = separators) into search words. */
export function searchWords(text: string): string[] {
  return normalizeTerm(text)
    .split(/[\s^=,]+/)
    .map((w) => (/^\d{4}-\d{2}-\d{2}$/.test(w) ? w.replaceAll('-', '') : w))
    .filter((w) => w.length > 0);
}

export function patientTerms(p: { PatientID: string; PatientName: string; PatientBirthDate: string }): string[] {
  const terms = new Set<string>(searchWords(p.PatientName));
  const id = normalizeTerm(p.PatientID);
  if (id) terms.add(id);
  if (p.PatientBirthDate) terms.add(p.PatientBirthDate);
  return [...terms];
}

/** GLOB pattern for a word prefix, with GLOB's own special characters escaped. */
export function prefixGlob(word: string): string {
  return `${word.replace(/[*?[\]]/g, (c) => `[${c}]`)}*`;
}
