import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Rules for a patient's demographic and contact fields, shared by the API's zod schema and the
 * web form so both say the same thing. Pure: the date of "today" is a parameter, never read here.
 */

/** Numbers without a country code are read as this region's. */
export const DEFAULT_PHONE_REGION = 'US';

export const PHONE_MESSAGE =
  'Enter a phone number with its area code, for example (660) 555-0142, or +44 20 7946 0958 with the country code for a number outside the US';

export const BIRTH_DATE_FORMAT_MESSAGE =
  'Enter the date of birth as YYYY-MM-DD; it can’t be in the future or before 1900';
export const BIRTH_DATE_FUTURE_MESSAGE = 'Enter the date of birth as YYYY-MM-DD; it can’t be in the future';
export const BIRTH_DATE_TOO_EARLY_MESSAGE =
  'Enter the date of birth as YYYY-MM-DD; it can’t be before 1900-01-01';
export const EMAIL_MESSAGE = 'Enter the email address as name@example.com, or leave it empty';

export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * The phone number in E.164 form (`+16605550142`), or null when it is not a possible number for
 * its region. Formatting (spaces, dashes, brackets, dots) does not matter.
 */
export function normalisePhone(input: string, region = DEFAULT_PHONE_REGION): string | null {
  const text = input.trim();
  if (!text || !/^[+\d\s().\-/]+$/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, region as 'US');
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** A stored E.164 number written for people: national form at home, international otherwise. */
export function formatPhone(stored: string, region = DEFAULT_PHONE_REGION): string {
  const parsed = parsePhoneNumberFromString(stored, region as 'US');
  if (!parsed?.isValid()) return stored;
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Today's date (UTC) as YYYY-MM-DD, for `birthDateProblem`'s `today`. */
export const isoDay = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * What is wrong with a date of birth, as a message that says what to enter; null when it is fine.
 * `today` is YYYY-MM-DD. A birth later today in another time zone is allowed one day of slack.
 */
export function birthDateProblem(value: string, today: string): string | null {
  if (!isCalendarDate(value)) return BIRTH_DATE_FORMAT_MESSAGE;
  if (value < EARLIEST_BIRTH_DATE) return BIRTH_DATE_TOO_EARLY_MESSAGE;
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (value > tomorrow) return BIRTH_DATE_FUTURE_MESSAGE;
  return null;
}

/** A practical email check (one @, a dot in the domain, no spaces); the mailbox itself is not probed. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value.trim()) && value.trim().length <= 254;
}

/**
 * A name for comparing: lower case, accents and punctuation folded away, spaces collapsed.
 * "Zoë O’Brien-Smith" and "zoe obrien smith" compare equal.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance (insertions, deletions, substitutions), for short strings such as names. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Typos allowed in a name of this length: none for very short names, then one, then two. */
const typos = (s: string) => (s.length <= 3 ? 0 : s.length <= 7 ? 1 : 2);

function sameish(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  // A short form of the other name: "rob" / "robert", "ann" / "ann marie".
  if (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
  return editDistance(a, b) <= typos(a.length < b.length ? a : b);
}

export interface PersonName {
  givenName: string;
  familyName: string;
}

/**
 * Whether two names could be the same person's (used with an equal date of birth): the same after
 * folding accents, case and punctuation; given and family swapped; a typo or two; or a short form of
 * the given name with the same family name.
 */
export function namesLookAlike(a: PersonName, b: PersonName): boolean {
  const [ag, af, bg, bf] = [a.givenName, a.familyName, b.givenName, b.familyName].map(foldName);
  if (sameish(ag!, bg!) && sameish(af!, bf!)) return true;
  if (sameish(ag!, bf!) && sameish(af!, bg!)) return true;
  // Names split differently between the two fields ("Mary Ann" + "Lee" / "Mary" + "Ann Lee").
  const whole = (g: string, f: string) => `${g} ${f}`.replace(/ /g, '');
  return editDistance(whole(ag!, af!), whole(bg!, bf!)) <= 1;
}
