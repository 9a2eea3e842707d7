import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, query, toApiError, type ApiError } from '../../api/client';
import type { Patient } from '../../../contracts/patients.ts';
import { useApiGet } from '../../api/useApi';
import { isCalendarDate } from '../../../domain/patients/demographics.ts';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import {
  DEMOGRAPHICS_PATHS,
  EMPTY_DEMOGRAPHICS,
  demographicsBody,
  validateDemographics,
  type DemographicsValues,
} from './demographics';
import { DemographicsFields } from './DemographicsFields';
import { DuplicateWarning } from './DuplicateWarning';
import type { DuplicateCandidate } from '../../../contracts/patients.ts';

/** The duplicate check's path once a name and a real date of birth are typed; null before. */
function duplicatePath(v: DemographicsValues): string | null {
  const givenName = v.givenName.trim();
  const familyName = v.familyName.trim();
  if (!givenName || !familyName || !isCalendarDate(v.birthDate)) return null;
  return `/api/v1/patients/duplicates${query({ givenName, familyName, birthDate: v.birthDate })}`;
}

export function NewPatientPage() {
  usePageTitle('New patient');
  const navigate = useNavigate();
  const [values, setValues] = useState<DemographicsValues>(EMPTY_DEMOGRAPHICS);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const warningRef = useRef<HTMLDivElement>(null);
  // After a refused save, the focus goes to the duplicate warning or the first invalid field once
  // React has drawn them (an effect: a frame requested from the failed request's callback can come
  // before the warning exists on a busy machine).
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (!refusals) return;
    if (error?.status === 409) warningRef.current?.focus();
    else formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    // Only a new refusal moves the focus, not a later change of the error.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refusals]);
  // Checked as the user types (debounced), so a likely duplicate shows before anything is saved.
  const [checkPath] = useDebouncedValue(duplicatePath(values), 500);
  const check = useApiGet<{ candidates: DuplicateCandidate[] }>(checkPath);
  const refused =
    error?.status === 409 ? (error.problem as { candidates?: DuplicateCandidate[] }).candidates : undefined;
  const candidates =
    refused ?? (checkPath === duplicatePath(values) ? check.data?.candidates : undefined) ?? [];

  const create = async (confirmNotDuplicate: boolean) => {
    const form = formRef.current!;
    const errors = validateDemographics(values);
    setLocalErrors(errors);
    setError(undefined);
    if (Object.keys(errors).length > 0) {
      // After React has marked the fields invalid.
      window.requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const body = { ...demographicsBody(values), ...(confirmNotDuplicate ? { confirmNotDuplicate } : {}) };
      const created = await api.post<Patient>('/api/v1/patients', body);
      await navigate(`/app/patients/${encodeURIComponent(created.id)}`);
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      setBusy(false);
      setRefusals((n) => n + 1);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void create(false);
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>New patient</Title>
      <Text size="sm">Fields marked with an asterisk are required.</Text>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <ProblemAlert
            error={refused ? undefined : error}
            shownPaths={DEMOGRAPHICS_PATHS}
            title="The patient was not saved"
          />
          <DemographicsFields
            values={values}
            onChange={(next) => {
              setValues(next);
              if (refused) setError(undefined);
            }}
            errors={errors}
          />
          {candidates.length > 0 ? (
            <DuplicateWarning
              ref={warningRef}
              candidates={candidates}
              busy={busy}
              onSaveAnyway={() => void create(true)}
            />
          ) : null}
          <Group mt="md">
            <Button type="submit" loading={busy}>
              Create patient
            </Button>
            <Button component={Link} to="/app/patients" variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
