/** Common IANA time zones for the clinic setting, grouped by region. */
export const TIME_ZONE_GROUPS: { group: string; zones: string[] }[] = [
  {
    group: 'Americas',
    zones: [
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Phoenix',
      'America/Los_Angeles',
      'America/Anchorage',
      'Pacific/Honolulu',
      'America/Puerto_Rico',
      'America/Toronto',
      'America/Vancouver',
      'America/Halifax',
      'America/Mexico_City',
      'America/Bogota',
      'America/Sao_Paulo',
      'America/Argentina/Buenos_Aires',
    ],
  },
  {
    group: 'Europe and Africa',
    zones: [
      'Europe/London',
      'Europe/Dublin',
      'Europe/Lisbon',
      'Europe/Paris',
      'Europe/Berlin',
      'Europe/Madrid',
      'Europe/Rome',
      'Europe/Amsterdam',
      'Europe/Stockholm',
      'Europe/Warsaw',
      'Europe/Athens',
      'Europe/Helsinki',
      'Africa/Lagos',
      'Africa/Cairo',
      'Africa/Johannesburg',
    ],
  },
  {
    group: 'Asia and Oceania',
    zones: [
      'Asia/Dubai',
      'Asia/Kolkata',
      'Asia/Singapore',
      'Asia/Shanghai',
      'Asia/Hong_Kong',
      'Asia/Tokyo',
      'Asia/Seoul',
      'Australia/Perth',
      'Australia/Adelaide',
      'Australia/Brisbane',
      'Australia/Sydney',
      'Australia/Melbourne',
      'Pacific/Auckland',
    ],
  },
  { group: 'Other', zones: ['UTC'] },
];

/** Select data for the zones above, plus `current` when the clinic uses a zone not listed. */
export function timeZoneOptions(current: string) {
  const listed = TIME_ZONE_GROUPS.some((g) => g.zones.includes(current));
  const groups = TIME_ZONE_GROUPS.map((g) => ({
    group: g.group,
    items: g.zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
  }));
  if (current && !listed)
    groups.unshift({ group: 'Current', items: [{ value: current, label: current.replace(/_/g, ' ') }] });
  return groups;
}
