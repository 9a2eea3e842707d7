/** A clinic's postal address as stored (`clinics.address`) and as the API returns it. */
export interface PostalAddress {
  line: string;
  city: string;
  state?: string | null;
  postalCode: string;
}

/** ["800 W Jefferson St", "Kirksville, MO 63501"]: the lines of an address label. */
export function addressLines(a: PostalAddress): [string, string] {
  const place = a.state ? `${a.city}, ${a.state}` : a.city;
  return [a.line, `${place} ${a.postalCode}`.trim()];
}

/** "800 W Jefferson St, Kirksville, MO 63501". */
export function addressOneLine(a: PostalAddress): string {
  return addressLines(a).join(', ');
}
