import { displayName } from './format';
import type { Profile } from './types';

/** schema.org structured data for a listing: a Physician with its practice address and location. */
export function physicianJsonLd(p: Profile): Record<string, unknown> {
  const a = p.clinic.address;
  return {
    '@context': 'https://schema.org',
    '@type': 'Physician',
    name: displayName(p),
    ...(p.npi ? { identifier: { '@type': 'PropertyValue', propertyID: 'NPI', value: p.npi } } : {}),
    ...(a
      ? {
          address: {
            '@type': 'PostalAddress',
            streetAddress: a.line,
            addressLocality: a.city,
            ...(a.state ? { addressRegion: a.state } : {}),
            postalCode: a.postalCode,
            addressCountry: 'US',
          },
        }
      : {}),
    ...(p.clinic.location
      ? {
          geo: {
            '@type': 'GeoCoordinates',
            latitude: p.clinic.location.lat,
            longitude: p.clinic.location.lng,
          },
        }
      : {}),
    ...(p.clinic.phone ? { telephone: p.clinic.phone } : {}),
    medicalSpecialty: 'Osteopathic',
    isAcceptingNewPatients: p.acceptingNewPatients,
    ...(p.languages.length ? { knowsLanguage: p.languages } : {}),
    ...(p.reviews.count && p.reviews.average !== null
      ? {
          aggregateRating: {
            '@type': 'AggregateRating',
            ratingValue: p.reviews.average,
            reviewCount: p.reviews.count,
          },
        }
      : {}),
  };
}
