/**
 * ICD-10-CM code format and code-family matching. A family is a category or subcategory prefix
 * ("M81", "C79.5") or an inclusive range of equally long prefixes ("D65"–"D68", "S32.3"–"S32.8"),
 * so a chart carrying the most specific code still matches (reference §9).
 */
export const ICD10_CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

// Letter, digit, alphanumeric category (e.g. O9A), then optionally a dot and 1–4 characters (7th-character
// extensions use X placeholders, e.g. S13.4XXA).
const ICD10_CM_PATTERN = /^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$/;

export function normalizeIcd10(code: string): string {
  return code.trim().toUpperCase();
}

export function isValidIcd10Cm(code: string): boolean {
  return ICD10_CM_PATTERN.test(normalizeIcd10(code));
}

/** Why a code is malformed, or null when it is well formed. */
export function icd10FormatError(code: string): string | null {
  const c = normalizeIcd10(code);
  if (c === '') return 'ICD-10-CM code is empty';
  if (ICD10_CM_PATTERN.test(c)) return null;
  if (/^[A-Z][0-9][0-9A-Z][0-9A-Z]/.test(c))
    return `"${code}" is not well formed: put a dot after the 3-character category (e.g. M81.0)`;
  return `"${code}" is not a well-formed ICD-10-CM code (expected e.g. M81.0, C79.51, S13.4XXA)`;
}

export type IcdFamily = string | { from: string; to: string };

export function matchesFamily(code: string, family: IcdFamily): boolean {
  const c = normalizeIcd10(code);
  if (typeof family === 'string') return c.startsWith(family);
  const head = c.slice(0, family.from.length);
  return head.length === family.from.length && head >= family.from && head <= family.to;
}

export function matchesAnyFamily(code: string, families: readonly IcdFamily[]): boolean {
  return families.some((f) => matchesFamily(code, f));
}

export function describeFamily(family: IcdFamily): string {
  return typeof family === 'string' ? `${family}*` : `${family.from}–${family.to}`;
}
