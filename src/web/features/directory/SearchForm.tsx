import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { AREA_OPTIONS, INSURANCE_OPTIONS, LANGUAGE_OPTIONS, TECHNIQUE_OPTIONS } from './labels';

/** The search as the URL holds it (the API's own parameter names). */
export type SearchState = Record<string, string>;

const any = (label: string) => [{ value: '', label }];

const FILTERS = [
  'area',
  'technique',
  'insurance',
  'language',
  'acceptingNewPatients',
  'boardCertified',
  'availableWithinDays',
];
const activeFilters = (s: SearchState) => FILTERS.filter((k) => s[k]).length;
/** Open on wide screens, and whenever a filter is on (a phone shows the results first otherwise). */
const filtersOpen = (s: SearchState) =>
  activeFilters(s) > 0 || (typeof window !== 'undefined' && window.matchMedia?.('(min-width: 48em)').matches);

/**
 * ZIP or "near me", radius, name or condition text, and the filters. Nothing is sent until the
 * visitor presses Search (or "Use my location"); the page keeps the search in the URL.
 */
export function SearchForm({
  initial,
  onSearch,
}: {
  initial: SearchState;
  onSearch: (s: SearchState) => void;
}) {
  const [s, setS] = useState<SearchState>(initial);
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  const set = (k: string) => (v: string) => setS((prev) => ({ ...prev, [k]: v }));
  const flag = (k: string) => (checked: boolean) => set(k)(checked ? 'true' : '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(s);
  };
  const nearMe = () => {
    setGeoError(null);
    if (!('geolocation' in navigator)) {
      setGeoError('This browser cannot share your location: enter your ZIP code instead.');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        // Three decimals (about 100 m) is plenty to sort by distance, and shares less.
        const near = `${pos.coords.latitude.toFixed(3)},${pos.coords.longitude.toFixed(3)}`;
        const next = { ...s, zip: '', near, sort: s.sort === 'name' ? '' : (s.sort ?? '') };
        setS(next);
        onSearch(next);
      },
      () => {
        setLocating(false);
        setGeoError(
          'We could not get your location (permission refused or unavailable): enter your ZIP code instead.',
        );
      },
      { timeout: 10_000, maximumAge: 600_000 },
    );
  };

  return (
    <form onSubmit={submit} aria-label="Search the directory">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="ZIP code"
            inputMode="numeric"
            autoComplete="postal-code"
            maxLength={5}
            value={s.zip ?? ''}
            onChange={(e) => setS({ ...s, zip: e.currentTarget.value.replace(/\D/g, ''), near: '' })}
            placeholder={s.near ? 'Using your location' : 'e.g. 63501'}
          />
          <NativeSelect
            label="Distance"
            value={s.radiusKm ?? ''}
            onChange={(e) => set('radiusKm')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Within 30 miles' },
              { value: '16', label: 'Within 10 miles' },
              { value: '80', label: 'Within 50 miles' },
              { value: '160', label: 'Within 100 miles' },
            ]}
          />
          <TextInput
            label="Name or condition"
            value={s.q ?? ''}
            maxLength={200}
            onChange={(e) => set('q')(e.currentTarget.value)}
            placeholder="e.g. Still, or neck pain"
          />
        </SimpleGrid>
        <details className="directory-filters" open={filtersOpen(initial)}>
          <summary>More filters{activeFilters(s) ? ` (${activeFilters(s)} on)` : ''}</summary>
          <Stack gap="sm" pt="sm">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
              <NativeSelect
                label="Where it hurts"
                value={s.area ?? ''}
                onChange={(e) => set('area')(e.currentTarget.value)}
                data={[...any('Any area'), ...AREA_OPTIONS]}
              />
              <NativeSelect
                label="Technique"
                value={s.technique ?? ''}
                onChange={(e) => set('technique')(e.currentTarget.value)}
                data={[...any('Any technique'), ...TECHNIQUE_OPTIONS]}
              />
              <NativeSelect
                label="Insurance"
                value={s.insurance ?? ''}
                onChange={(e) => set('insurance')(e.currentTarget.value)}
                data={[...any('Any insurance'), ...INSURANCE_OPTIONS]}
              />
              <NativeSelect
                label="Language"
                value={s.language ?? ''}
                onChange={(e) => set('language')(e.currentTarget.value)}
                data={[...any('Any language'), ...LANGUAGE_OPTIONS]}
              />
            </SimpleGrid>
            <Group gap="lg">
              <Checkbox
                label="Accepting new patients"
                checked={s.acceptingNewPatients === 'true'}
                onChange={(e) => flag('acceptingNewPatients')(e.currentTarget.checked)}
              />
              <Checkbox
                label="Board certified (verified)"
                checked={s.boardCertified === 'true'}
                onChange={(e) => flag('boardCertified')(e.currentTarget.checked)}
              />
              <Checkbox
                label="Free within 7 days"
                checked={s.availableWithinDays === '7'}
                onChange={(e) => set('availableWithinDays')(e.currentTarget.checked ? '7' : '')}
              />
            </Group>
          </Stack>
        </details>
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label="Sort by"
            value={s.sort ?? ''}
            onChange={(e) => set('sort')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Nearest first (or name)' },
              { value: 'soonest', label: 'Soonest free time' },
              { value: 'name', label: 'Name' },
            ]}
          />
          <Button type="submit">Search</Button>
          <Button variant="default" onClick={nearMe} loading={locating}>
            Use my location
          </Button>
        </Group>
        {geoError ? (
          <Text c="red.8" size="sm" role="alert">
            {geoError}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}
