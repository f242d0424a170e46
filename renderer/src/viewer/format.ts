// How clinicians read values: DICOM dates as YYYY-MM-DD, names as "FAMILY, Given", W/L as integers.

export function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da || '—';
}

export function formatName(pn: string): string {
  const alphabetic = pn.split('=')[0] ?? '';
  const [family = '', given = '', middle = ''] = alphabetic.split('^');
  const rest = [given, middle].filter(Boolean).join(' ');
  const name = [family, rest].filter(Boolean).join(', ');
  return name || pn.replaceAll('^', ' ').trim() || '(no name)';
}

export function ageAt(birthDate: string, on: Date = new Date()): string {
  if (!/^\d{8}$/.test(birthDate)) return '';
  const born = new Date(Number(birthDate.slice(0, 4)), Number(birthDate.slice(4, 6)) - 1, Number(birthDate.slice(6, 8)));
  let years = on.getFullYear() - born.getFullYear();
  if (on.getMonth() < born.getMonth() || (on.getMonth() === born.getMonth() && on.getDate() < born.getDate())) years--;
  return `${years} y`;
}
