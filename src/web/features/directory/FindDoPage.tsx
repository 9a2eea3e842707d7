import { Anchor, Button, Container, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { PublicHeader } from '../../components/PublicHeader';
import { ResultCard } from './ResultCard';
import { SearchForm, type SearchState } from './SearchForm';
import type { DirectoryResult, SearchPage } from './types';
import './directory.css';

/** The API's parameters the page passes through from its URL. */
const PARAMS = [
  'zip',
  'near',
  'radiusKm',
  'q',
  'area',
  'technique',
  'insurance',
  'language',
  'acceptingNewPatients',
  'boardCertified',
  'availableWithinDays',
  'sort',
] as const;

/**
 * `/find-a-do` (logged out): find a DO by ZIP code or location, with filters; each result shows the
 * next free time from the booking engine and books straight into the booking flow. The search lives
 * in the URL (`/find-a-do?area=neck` from the self-check pre-filters by area).
 */
export function FindDoPage() {
  usePageTitle('Find a DO near you');
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const s: SearchState = {};
    for (const k of PARAMS) {
      const v = params.get(k);
      if (v) s[k] = v;
    }
    return s;
  }, [params]);
  const query = new URLSearchParams(state).toString();
  const first = useApiGet<SearchPage>(`/api/v1/directory/practitioners${query ? `?${query}` : ''}`);
  const [more, setMore] = useState<{
    results: DirectoryResult[];
    cursor: string | null;
    query: string;
  } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => {
    setMore(null);
    setMoreError(null);
  }, [query]);

  const results = [...(first.data?.results ?? []), ...(more?.query === query ? more.results : [])];
  const cursor = more?.query === query ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<SearchPage>(
        `/api/v1/directory/practitioners?${new URLSearchParams({ ...state, cursor }).toString()}`,
      );
      setMore((m) => ({
        query,
        results: [...(m?.query === query ? m.results : []), ...page.results],
        cursor: page.nextCursor,
      }));
    } catch (e) {
      setMoreError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };
  const origin = first.data?.origin;
  const where = origin?.city ? ` near ${origin.city}, ${origin.state}` : origin ? ' near you' : '';

  return (
    <>
      <PublicHeader />
      <Container component="main" id="main" tabIndex={-1} size="md" py="lg">
        <Stack gap="md">
          <Title order={1}>Find a DO near you</Title>
          <Text>
            Doctors of osteopathic medicine (DOs) who offer osteopathic manipulative treatment (OMT). Times
            shown are real free times from the clinic’s own booking calendar.
          </Text>
          <SearchForm key={query} initial={state} onSearch={(s) => setParams(clean(s))} />
          <ProblemAlert error={first.error} title="The search did not work" />
          {first.loading && !first.data ? <Loading label="Searching…" /> : null}
          <div aria-live="polite">
            {first.data ? (
              <Text fw={600}>
                {results.length === 0
                  ? `No DOs found${where}. Try a larger distance or fewer filters.`
                  : `${results.length}${cursor ? '+' : ''} DO${results.length === 1 ? '' : 's'} found${where}`}
              </Text>
            ) : null}
          </div>
          <Stack gap="sm" component="section" aria-label="Results">
            {results.map((r) => (
              <ResultCard key={r.id} r={r} />
            ))}
          </Stack>
          {moreError ? <ProblemAlert error={moreError} title="Could not load more results" /> : null}
          {cursor ? (
            <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
              Show more results
            </Button>
          ) : null}
          <Text size="sm" c="dimmed">
            Listings marked “From the public NPI registry” come from the national provider registry (NPPES)
            and are not verified by Stillpoint. Board certification is shown as verified only when a clinic
            recorded when and where it was checked.
          </Text>
          <Anchor component={Link} to="/">
            ← Back to the home page
          </Anchor>
        </Stack>
      </Container>
    </>
  );
}

function clean(s: SearchState): Record<string, string> {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== '' && v !== undefined));
}
