/** The directory's answers as the web app reads them (api.md "Directory (public)"). */
export interface Certification {
  board: string;
  specialty: string;
  status: 'active' | 'expired' | 'eligible';
  verified: boolean;
  verifiedOn: string | null;
  source: string | null;
}

export interface DirectoryResult {
  id: string;
  name: string;
  credentials: string[];
  boardCertifications: Certification[];
  faao: { verified: boolean; verifiedOn: string | null; source: string | null } | null;
  techniques: string[];
  conditions: string[];
  ages: string[];
  languages: string[];
  insurance: string[];
  acceptingNewPatients: boolean;
  telehealth: boolean;
  onlineBooking: boolean;
  source: 'clinic' | 'registry';
  npi: string | null;
  practitionerId: string | null;
  clinicId: string | null;
  timeZone: string | null;
  clinic: {
    name: string | null;
    address: { line: string; city: string; state?: string | null; postalCode: string } | null;
    phone: string | null;
    location: { lat: number; lng: number } | null;
  };
  distanceKm: number | null;
  nextAvailable: string | null;
}

export interface SearchPage {
  results: DirectoryResult[];
  nextCursor: string | null;
  origin?: { lat: number; lng: number; zip: string | null; city?: string; state?: string; radiusKm: number };
}

export interface Profile extends DirectoryResult {
  slots: { appointmentType: string; name: string; durationMinutes: number; starts: string[] }[];
  reviews: { count: number; average: number | null };
}

export interface PublicReview {
  rating: number;
  text: string;
  date: string;
  verifiedVisit: true;
}
