import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = {
  algorithm: 2 as const /* Algorithm.Argon2id (a const enum) */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export const hashPassword = (password: string) => hash(password, ARGON2_PARAMS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when a stored hash uses weaker parameters than today's: re-hash at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < ARGON2_PARAMS.memoryCost || Number(m[2]) < ARGON2_PARAMS.timeCost;
}

/**
 * Length-based policy (ASVS 6.2): no composition rules, no truncation; refuses common passwords
 * and words tied to the context (the product, the clinic, the user's own email).
 * Returns a message that says what to do, or null when the password is acceptable.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters; a short sentence is easy to remember.`;
  }
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const squashed = lower.replace(/[^a-z0-9]/g, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(squashed) || /^(.)\1+$/.test(password)) {
    return 'This password is too common and appears in breach lists; choose another.';
  }
  if (builtOnContext(squashed, ['stillpoint', 'password', 'osteopath', ...context])) {
    return 'This password is built on a word tied to this service or your account; choose another.';
  }
  return null;
}

/** Fewer characters than this left once the context's words are taken out: built on them. */
const MIN_OWN_CHARACTERS = 8;

/**
 * True when little is left of the (squashed) password once every word of the context is taken
 * out: the clinic's name written as one word, its words in another order or joined with digits,
 * the user's name or email with a year. Words of three letters or more count, and the whole
 * squashed phrase (so "Prairie Spine Clinic" matches "prairiespine", "spineprairie2026", …).
 */
function builtOnContext(squashed: string, context: string[]): boolean {
  const words = new Set<string>();
  for (const phrase of context) {
    const lower = phrase.toLowerCase();
    const whole = lower.replace(/[^a-z0-9]/g, '');
    if (whole.length >= 4) words.add(whole);
    for (const word of lower.split(/[^a-z0-9]+/)) if (word.length >= 3) words.add(word);
  }
  let rest = squashed;
  for (const word of [...words].sort((a, b) => b.length - a.length)) rest = rest.split(word).join('');
  if (rest === squashed) return false;
  return rest.replace(/[0-9]/g, '').length < MIN_OWN_CHARACTERS || rest.length < MIN_OWN_CHARACTERS;
}
