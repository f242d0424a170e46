// Matching a test's tumour type (free text or an OncoTree code) to CIViC's disease names (Disease
// Ontology terms): both are reduced to a tissue group, so 'colorectal', 'COAD' or 'READ' match
// 'Colorectal Cancer', 'Colon Adenocarcinoma' and 'Rectal Adenocarcinoma'. A name in no group
// matches a disease only by its own words ('Cholangiocarcinoma' = 'cholangiocarcinoma').

/** Tissue group: the words a disease name may contain, and the OncoTree codes that belong to it. */
const GROUPS: Record<string, { words: RegExp; codes: string[] }> = {
  colorectal: { words: /colorectal|\bcolon\b|colonic|rectal|rectum|\bcrc\b|large intestine/i, codes: ['COADREAD', 'COAD', 'READ', 'CRC', 'MACR', 'SRCCR'] },
  breast: { words: /breast/i, codes: ['BRCA', 'BREAST', 'IDC', 'ILC', 'MDLC', 'BRCNOS', 'TNBC', 'MBC'] },
  lung: { words: /lung|nsclc|sclc/i, codes: ['NSCLC', 'LUAD', 'LUSC', 'SCLC', 'LCLC', 'LUNG'] },
  melanoma: { words: /melanoma/i, codes: ['MEL', 'SKCM', 'UM', 'ACRM', 'MUP'] },
  thyroid: { words: /thyroid/i, codes: ['THPA', 'THAP', 'THFO', 'THYROID', 'THCA'] },
  ovary: { words: /ovar/i, codes: ['OV', 'HGSOC', 'LGSOC', 'OVARY'] },
  prostate: { words: /prostat/i, codes: ['PRAD', 'PROSTATE'] },
  pancreas: { words: /pancrea/i, codes: ['PAAD', 'PANCREAS'] },
  stomach: { words: /gastric|stomach/i, codes: ['STAD', 'STOMACH'] },
  gist: { words: /gastrointestinal stromal/i, codes: ['GIST'] },
  brain: { words: /glioma|glioblastoma|astrocytoma|oligodendroglioma/i, codes: ['GBM', 'LGG', 'DIFG', 'BRAIN'] },
  leukaemia: { words: /leuka?emia/i, codes: ['AML', 'CML', 'ALL', 'CLL'] },
  kidney: { words: /renal|kidney/i, codes: ['RCC', 'CCRCC', 'KIRC', 'KIRP'] },
  bladder: { words: /bladder|urothelial/i, codes: ['BLCA', 'UTUC'] },
  endometrium: { words: /endometri|uterine/i, codes: ['UCEC', 'UTERUS'] },
  liver: { words: /hepatocellular|liver/i, codes: ['HCC', 'LIHC'] },
};

const groupOfText = (text: string): string | null => Object.entries(GROUPS).find(([, g]) => g.words.test(text))?.[0] ?? null;

/** The group a tumour type names: by OncoTree code first, then by its words. */
export function tumourGroup(tumourType: string): string | null {
  const code = tumourType.trim().toUpperCase();
  const byCode = Object.entries(GROUPS).find(([, g]) => g.codes.includes(code))?.[0];
  return byCode ?? groupOfText(tumourType);
}

/** Whether a CIViC disease is the patient's tumour type. */
export function diseaseMatches(disease: string, tumourType: string | null): boolean {
  if (!tumourType || !tumourType.trim()) return false;
  const group = tumourGroup(tumourType);
  if (group) return groupOfText(disease) === group;
  return disease.toLowerCase().includes(tumourType.trim().toLowerCase());
}
