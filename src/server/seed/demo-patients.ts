import type { PatientCreate } from '../../contracts/patients.ts';

type P = Omit<
  PatientCreate,
  'restricted' | 'careTeam' | 'medications' | 'allergies' | 'flags' | 'conditions'
> &
  Partial<Pick<PatientCreate, 'restricted' | 'medications' | 'allergies' | 'flags' | 'conditions'>>;

const c = (
  code: string,
  display: string,
  onsetDate: string | null = null,
  clinicalStatus: 'active' | 'resolved' | 'remission' = 'active',
) => ({
  system: 'http://hl7.org/fhir/sid/icd-10-cm' as const,
  code,
  display,
  clinicalStatus,
  onsetDate,
});

/** Twenty demo patients with OMT-relevant histories (synthetic people). The first is patient@example.com. */
export const DEMO_PATIENTS: P[] = [
  {
    givenName: 'Maria',
    familyName: 'Alvarez',
    birthDate: '1984-06-12',
    sex: 'female',
    phone: '+16605550101',
    email: 'patient@example.com',
    address: { line: '14 Elm Street', city: 'Kirksville', postalCode: '63501' },
    conditions: [
      c('M54.50', 'Low back pain, unspecified', '2026-08-03'),
      c('M99.03', 'Segmental and somatic dysfunction of lumbar region', '2026-09-10'),
    ],
    medications: [{ name: 'Ibuprofen', dose: '400 mg', frequency: 'as needed' }],
    allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }],
  },
  {
    givenName: 'James',
    familyName: 'Okafor',
    birthDate: '1979-02-27',
    sex: 'male',
    phone: '+16605550102',
    conditions: [
      c('M54.2', 'Cervicalgia', '2026-05-18'),
      c('G44.209', 'Tension-type headache, unspecified, not intractable', '2026-05-18'),
    ],
    medications: [{ name: 'Acetaminophen', dose: '500 mg', frequency: 'as needed' }],
  },
  {
    givenName: 'Linda',
    familyName: 'Chen',
    birthDate: '1958-11-03',
    sex: 'female',
    phone: '+16605550103',
    conditions: [
      c(
        'M75.101',
        'Unspecified rotator cuff tear or rupture of right shoulder, not specified as traumatic',
        '2026-03-02',
      ),
      c('Z98.890', 'Other specified postprocedural states', '2026-07-21'),
    ],
    flags: [
      { flag: 'recent-surgery', region: 'upper-extremity', note: 'Right rotator cuff repair 2026-07-21' },
    ],
    medications: [{ name: 'Naproxen', dose: '250 mg', frequency: 'twice daily' }],
  },
  {
    givenName: 'Aisha',
    familyName: 'Rahman',
    birthDate: '1993-09-15',
    sex: 'female',
    phone: '+16605550104',
    conditions: [
      c('Z34.82', 'Encounter for supervision of other normal pregnancy, second trimester', '2026-06-01'),
      c('O26.892', 'Other specified pregnancy related conditions, second trimester', '2026-09-20'),
    ],
    flags: [{ flag: 'pregnant', note: 'Due 2027-03-08' }],
    medications: [{ name: 'Prenatal vitamin', dose: '1 tablet', frequency: 'daily' }],
  },
  {
    givenName: 'Dorothy',
    familyName: 'Whitfield',
    birthDate: '1946-04-09',
    sex: 'female',
    phone: '+16605550105',
    conditions: [
      c('M81.0', 'Age-related osteoporosis without current pathological fracture', '2019-10-11'),
      c('M54.6', 'Pain in thoracic spine', '2026-10-02'),
    ],
    medications: [
      { name: 'Alendronate', dose: '70 mg', frequency: 'weekly' },
      { name: 'Calcium with vitamin D', dose: '600 mg/800 IU', frequency: 'daily' },
    ],
    flags: [{ flag: 'fall-risk' }],
  },
  {
    givenName: 'Robert',
    familyName: 'Kowalski',
    birthDate: '1951-12-30',
    sex: 'male',
    phone: '+16605550106',
    conditions: [
      c('I48.91', 'Unspecified atrial fibrillation', '2018-01-15'),
      c('M54.50', 'Low back pain, unspecified', '2026-09-28'),
    ],
    flags: [{ flag: 'anticoagulated', note: 'Apixaban for atrial fibrillation' }],
    medications: [
      { name: 'Apixaban', dose: '5 mg', frequency: 'twice daily' },
      { name: 'Metoprolol', dose: '25 mg', frequency: 'twice daily' },
    ],
  },
  {
    givenName: 'Sofia',
    familyName: 'Rossi',
    birthDate: '1988-07-22',
    sex: 'female',
    phone: '+16605550107',
    conditions: [
      c('G43.909', 'Migraine, unspecified, not intractable, without status migrainosus', '2015-03-01'),
      c('M54.2', 'Cervicalgia', '2026-08-14'),
    ],
    medications: [{ name: 'Sumatriptan', dose: '50 mg', frequency: 'as needed' }],
    allergies: [{ substance: 'Latex', reaction: 'Contact dermatitis', severity: 'mild' }],
  },
  {
    givenName: 'Daniel',
    familyName: 'Nguyen',
    birthDate: '1996-01-05',
    sex: 'male',
    phone: '+16605550108',
    conditions: [c('S33.5XXA', 'Sprain of ligaments of lumbar spine, initial encounter', '2026-10-30')],
  },
  {
    givenName: 'Grace',
    familyName: 'Thompson',
    birthDate: '2026-05-19',
    sex: 'female',
    phone: '+16605550109',
    conditions: [c('M43.6', 'Torticollis', '2026-07-01'), c('Q67.3', 'Plagiocephaly', '2026-07-01')],
  },
  {
    givenName: 'Ahmed',
    familyName: 'Hassan',
    birthDate: '1969-08-08',
    sex: 'male',
    phone: '+16605550110',
    conditions: [
      c('M47.812', 'Spondylosis without myelopathy or radiculopathy, cervical region', '2022-02-10'),
      c('M54.12', 'Radiculopathy, cervical region', '2026-09-01'),
    ],
    medications: [{ name: 'Gabapentin', dose: '300 mg', frequency: 'at night' }],
  },
  {
    givenName: 'Eleanor',
    familyName: 'Brooks',
    birthDate: '1954-03-14',
    sex: 'female',
    phone: '+16605550111',
    conditions: [
      c(
        'C50.911',
        'Malignant neoplasm of unspecified site of right female breast',
        '2021-06-01',
        'remission',
      ),
      c('C79.51', 'Secondary malignant neoplasm of bone', '2026-04-12'),
      c('M54.50', 'Low back pain, unspecified', '2026-10-01'),
    ],
    medications: [{ name: 'Letrozole', dose: '2.5 mg', frequency: 'daily' }],
  },
  {
    givenName: 'Marcus',
    familyName: 'Bell',
    birthDate: '1975-10-02',
    sex: 'male',
    phone: '+16605550112',
    conditions: [
      c('M54.41', 'Lumbago with sciatica, right side', '2026-09-15'),
      c('M51.26', 'Other intervertebral disc displacement, lumbar region', '2026-09-30'),
    ],
  },
  {
    givenName: 'Hannah',
    familyName: 'Schmidt',
    birthDate: '1990-12-11',
    sex: 'female',
    phone: '+16605550113',
    conditions: [
      c('M79.7', 'Fibromyalgia', '2020-05-05'),
      c('M54.6', 'Pain in thoracic spine', '2026-07-07'),
    ],
    medications: [{ name: 'Duloxetine', dose: '60 mg', frequency: 'daily' }],
  },
  {
    givenName: 'Peter',
    familyName: 'Johansson',
    birthDate: '1962-05-25',
    sex: 'male',
    phone: '+16605550114',
    conditions: [
      c('J44.9', 'Chronic obstructive pulmonary disease, unspecified', '2017-11-20'),
      c('M99.08', 'Segmental and somatic dysfunction of rib cage', '2026-10-12'),
    ],
    medications: [{ name: 'Tiotropium inhaler', dose: '18 mcg', frequency: 'daily' }],
  },
  {
    givenName: 'Olivia',
    familyName: 'Martin',
    birthDate: '2001-08-30',
    sex: 'female',
    phone: '+16605550115',
    conditions: [
      c('M79.672', 'Pain in left foot', '2026-10-05'),
      c('S93.402A', 'Sprain of unspecified ligament of left ankle, initial encounter', '2026-10-04'),
    ],
  },
  {
    givenName: 'William',
    familyName: 'Garcia',
    birthDate: '1948-01-17',
    sex: 'male',
    phone: '+16605550116',
    conditions: [
      c('M48.061', 'Spinal stenosis, lumbar region without neurogenic claudication', '2023-09-09'),
      c('I10', 'Essential (primary) hypertension', '2012-04-04'),
    ],
    flags: [{ flag: 'anticoagulated', note: 'Warfarin, INR monitored' }],
    medications: [
      { name: 'Warfarin', dose: '5 mg', frequency: 'daily' },
      { name: 'Lisinopril', dose: '10 mg', frequency: 'daily' },
    ],
  },
  {
    givenName: 'Chloe',
    familyName: 'Dubois',
    birthDate: '1986-04-03',
    sex: 'female',
    phone: '+16605550117',
    conditions: [
      c('M26.609', 'Unspecified temporomandibular joint disorder, unspecified side', '2026-02-02'),
      c('G44.209', 'Tension-type headache, unspecified, not intractable', '2026-02-02'),
    ],
    flags: [{ flag: 'no-consent', note: 'Declines HVLA; consents to indirect techniques only' }],
  },
  {
    givenName: 'Thomas',
    familyName: 'Wright',
    birthDate: '1972-09-19',
    sex: 'male',
    phone: '+16605550118',
    conditions: [
      c('G83.4', 'Cauda equina syndrome', '2026-11-18'),
      c('M54.50', 'Low back pain, unspecified', '2026-11-10'),
    ],
  },
  {
    givenName: 'Priya',
    familyName: 'Patel',
    birthDate: '1983-02-14',
    sex: 'female',
    phone: '+16605550119',
    conditions: [
      c('M76.891', 'Other specified enthesopathies of right lower limb, excluding foot', '2026-08-20'),
      c('M99.06', 'Segmental and somatic dysfunction of lower extremity', '2026-09-02'),
    ],
    restricted: true,
  },
  {
    givenName: 'George',
    familyName: 'Miller',
    birthDate: '1939-06-06',
    sex: 'male',
    phone: '+16605550120',
    conditions: [
      c(
        'M80.08XA',
        'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture',
        '2026-10-20',
      ),
      c('I63.9', 'Cerebral infarction, unspecified', '2024-01-01', 'resolved'),
    ],
    flags: [{ flag: 'anticoagulated', note: 'Clopidogrel and aspirin' }, { flag: 'fall-risk' }],
    medications: [{ name: 'Clopidogrel', dose: '75 mg', frequency: 'daily' }],
  },
];
