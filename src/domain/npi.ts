/**
 * The US National Provider Identifier: 10 digits, the last a Luhn check digit computed over the
 * first nine with the card-issuer prefix 80840 in front (CMS, "Requirements for NPI check digit").
 */

/** The check digit for the first nine digits of an NPI. */
export function npiCheckDigit(first9: string): number {
  if (!/^\d{9}$/.test(first9)) throw new RangeError('An NPI check digit needs exactly 9 digits');
  // Luhn over "80840" + the nine digits: double every other digit from the right, starting with the
  // rightmost (the check digit will follow it).
  const digits = `80840${first9}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** What is wrong with a typed NPI, in words that say what to do, or null when it is valid. */
export function npiProblem(value: string): string | null {
  const npi = value.trim();
  if (!/^\d{10}$/.test(npi)) return 'An NPI is exactly 10 digits; check the number on the NPPES record.';
  if (!/^[12]/.test(npi)) return 'An NPI starts with 1 or 2; check the number on the NPPES record.';
  if (npiCheckDigit(npi.slice(0, 9)) !== Number(npi[9]))
    return 'This NPI’s check digit does not match; one of its digits is probably mistyped.';
  return null;
}

export function isValidNpi(value: string): boolean {
  return npiProblem(value) === null;
}
