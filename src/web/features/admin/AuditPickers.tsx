import { Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { query } from '../../api/client';
import type { AdminUser } from '../../../contracts/admin.ts';
import type { PatientSummary } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import type { Role } from '../../../domain/roles.ts';
import { useApiGet } from '../../api/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { birthDateWithAge, roleLabel } from '../../lib/format';

/** A person a filter is set to: the id goes into the URL, the name only onto the screen. */
export interface Picked {
  id: string;
  name: string | null;
}

interface PickerProps {
  value: Picked | null;
  onChange: (value: Picked | null) => void;
}

/** Everything the server found is an option: the search already happened there. */
const serverFiltered = ({ options }: { options: unknown[] }) => options as never;

/**
 * Pick a patient of the clinic by name or birth date (the patient search route). The search text
 * stays in React state, never in the address bar.
 */
export function PatientFilterPicker({ value, onChange }: PickerProps) {
  const selectedLabel = value ? (value.name ?? 'Unknown patient') : '';
  const [search, setSearch] = useState(selectedLabel);
  const [q] = useDebouncedValue(search.trim(), 250);
  const searching = q.length >= 2 && q !== selectedLabel;
  const { data, error, loading } = useApiGet<Results<PatientSummary>>(
    searching ? `/api/v1/patients${query({ q, limit: 20 })}` : null,
  );
  const found = useMemo(() => new Map((data?.results ?? []).map((p) => [p.id, p])), [data]);
  const options = [...found.values()].map((p) => ({ value: p.id, label: p.name }));
  if (value && !found.has(value.id)) options.unshift({ value: value.id, label: selectedLabel });

  let nothing: string | null = null;
  if (searching && !loading && data) nothing = `No patients match “${q}”.`;
  else if (searching) nothing = 'Searching…';
  else if (!value) nothing = 'Type at least 2 letters of a name, or a birth date.';

  return (
    <div>
      <Select
        label="Patient"
        description="Name or birth date (YYYY-MM-DD)"
        placeholder="Any patient"
        searchable
        clearable
        value={value?.id ?? null}
        data={options}
        searchValue={search}
        onSearchChange={setSearch}
        filter={serverFiltered}
        nothingFoundMessage={nothing}
        onChange={(id, option) => onChange(id ? { id, name: option?.label ?? null } : null)}
        renderOption={({ option }) => {
          const p = found.get(option.value);
          return (
            <div>
              <Text size="sm">{option.label}</Text>
              {p ? (
                <Text size="xs" c="dimmed">
                  Born {birthDateWithAge(p.birthDate)}
                </Text>
              ) : null}
            </div>
          );
        }}
        comboboxProps={{ withinPortal: true }}
      />
      <ProblemAlert error={error} title="Could not search patients" />
    </div>
  );
}

const ROLE_ORDER: Role[] = ['admin', 'clinician', 'frontdesk', 'patient'];
const ROLE_GROUPS: Record<Role, string> = {
  admin: 'Administrators',
  clinician: 'Clinicians',
  frontdesk: 'Front desk',
  patient: 'Patients (portal accounts)',
};

/** Pick a user of the clinic (the admin's user list), searchable by name, role or email. */
export function UserFilterPicker({ value, onChange }: PickerProps) {
  const { data, error } = useApiGet<Results<AdminUser>>('/api/v1/admin/users');
  const users = useMemo(() => new Map((data?.results ?? []).map((u) => [u.id, u])), [data]);
  const groups = ROLE_ORDER.map((role) => ({
    group: ROLE_GROUPS[role],
    items: [...users.values()]
      .filter((u) => u.role === role)
      .map((u) => ({ value: u.id, label: `${u.name} (${roleLabel(u.role)})` })),
  })).filter((g) => g.items.length > 0);
  const unknown =
    value && data && !users.has(value.id)
      ? [{ value: value.id, label: value.name ?? 'Unknown user' }]
      : value && !data
        ? [{ value: value.id, label: value.name ?? 'Loading…' }]
        : [];

  return (
    <div>
      <Select
        label="User"
        description="Who acted: name, role or email"
        placeholder="Any user"
        searchable
        clearable
        value={value?.id ?? null}
        data={[...unknown, ...groups]}
        filter={({ options, search }) => {
          const s = search.trim().toLowerCase();
          if (!s) return options;
          const match = (id: string, label: string) =>
            label.toLowerCase().includes(s) || (users.get(id)?.email.toLowerCase().includes(s) ?? false);
          return options
            .map((o) => ('group' in o ? { ...o, items: o.items.filter((i) => match(i.value, i.label)) } : o))
            .filter((o) => ('group' in o ? o.items.length > 0 : match(o.value, o.label)));
        }}
        nothingFoundMessage="No user matches."
        onChange={(id) => {
          const u = id ? users.get(id) : undefined;
          onChange(id ? { id, name: u?.name ?? value?.name ?? null } : null);
        }}
        renderOption={({ option }) => {
          const u = users.get(option.value);
          return (
            <div>
              <Text size="sm">{u?.name ?? option.label}</Text>
              {u ? (
                <Text size="xs" c="dimmed">
                  {roleLabel(u.role)} · {u.email}
                  {u.disabled ? ' · disabled' : ''}
                </Text>
              ) : null}
            </div>
          );
        }}
        comboboxProps={{ withinPortal: true }}
      />
      <ProblemAlert error={error} title="Could not load the users" />
    </div>
  );
}
