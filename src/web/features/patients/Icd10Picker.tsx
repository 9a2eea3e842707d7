import { Badge, Combobox, Group, Loader, Text, TextInput, VisuallyHidden, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { query } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import type { Icd10Code } from '../../../contracts/codes.ts';

/** One answer of `GET /api/v1/codes/icd10`. The code set itself never comes to the browser. */
export type { Icd10Code };

interface Props {
  value: Icd10Code | null;
  onChange: (code: Icd10Code | null) => void;
  error?: string;
  label?: string;
}

const MIN_QUERY = 2;
/** Ten fit under the box on a phone without a scrolling list (which keyboard users could not scroll). */
const LIMIT = 10;

/**
 * Picks a billable ICD-10-CM code by searching the server's code set by code or words. A category
 * (a header with more specific codes) is not picked: choosing it narrows the search to its codes.
 */
export function Icd10Picker({ value, onChange, error, label = 'Condition (ICD-10-CM)' }: Props) {
  const [input, setInput] = useState(value ? `${value.code} ${value.display}` : '');
  const [q] = useDebouncedValue(input.trim(), 250);
  const searching = !value && q.length >= MIN_QUERY;
  const {
    data,
    error: searchError,
    loading,
  } = useApiGet<{ results: Icd10Code[] }>(
    searching ? `/api/v1/codes/icd10${query({ q, limit: LIMIT })}` : null,
  );
  const results = searching ? (data?.results ?? []) : [];
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const pick = (code: string) => {
    const found = results.find((r) => r.code === code);
    if (!found) return;
    if (!found.billable) {
      // A category: show its billable codes instead.
      setInput(found.code);
      combobox.openDropdown();
      return;
    }
    onChange(found);
    setInput(`${found.code} ${found.display}`);
    combobox.closeDropdown();
  };

  const noMatch = searching && !!data && !loading && results.length === 0;
  const more = results.length >= LIMIT;
  let status = '';
  if (value) status = `Selected ${value.code}: ${value.display}.`;
  else if (input.trim().length > 0 && input.trim().length < MIN_QUERY)
    status = `Type at least ${MIN_QUERY} characters.`;
  else if (searching && loading) status = 'Searching…';
  else if (noMatch) status = `No ICD-10-CM codes match “${q}”.`;
  else if (searching && data)
    status = more
      ? `The first ${results.length} codes; type more to narrow the search.`
      : `${results.length} code${results.length === 1 ? '' : 's'} found.`;

  return (
    <div>
      <Combobox store={combobox} onOptionSubmit={pick} position="bottom-start">
        <Combobox.Target withExpandedAttribute>
          <TextInput
            label={label}
            description="Search by code or words, for example M54.50 or low back pain"
            placeholder="Code or words"
            required
            autoComplete="off"
            spellCheck={false}
            value={input}
            error={error ?? (searchError ? 'Could not search the code set. Try again.' : undefined)}
            rightSection={loading && searching ? <Loader size={16} /> : null}
            onChange={(e) => {
              setInput(e.currentTarget.value);
              if (value) onChange(null);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onFocus={(e) => {
              // With a code picked, typing replaces it instead of editing its description.
              if (value) e.currentTarget.select();
              // Low on the screen (a phone with its keyboard up), lift the box so the list fits below it.
              const top = e.currentTarget.getBoundingClientRect().top;
              if (top > window.innerHeight / 2) window.scrollBy({ top: top - window.innerHeight / 4 });
              combobox.openDropdown();
            }}
            onClick={() => combobox.openDropdown()}
            onBlur={() => combobox.closeDropdown()}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={results.length === 0 && !noMatch}>
          <Combobox.Options aria-label="Matching ICD-10-CM codes">
            {results.map((r) => (
              <Combobox.Option key={r.code} value={r.code}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Text component="code" fw={700} size="sm" miw="4.75rem" className="nowrap">
                    {r.code}
                  </Text>{' '}
                  <Text component="span" size="sm" style={{ flex: 1 }}>
                    {r.display}
                  </Text>
                  {r.billable ? null : (
                    <Badge variant="light" color="gray" tt="none" size="sm">
                      category
                    </Badge>
                  )}
                </Group>
              </Combobox.Option>
            ))}
            {noMatch ? (
              <Combobox.Empty>No codes match “{q}”. Try other words or a code.</Combobox.Empty>
            ) : null}
          </Combobox.Options>
          {more ? (
            <Combobox.Footer>
              <Text size="xs" c="dimmed">
                The first {LIMIT} matches: type more to narrow the search.
              </Text>
            </Combobox.Footer>
          ) : null}
        </Combobox.Dropdown>
      </Combobox>
      <VisuallyHidden role="status" aria-live="polite">
        {status}
      </VisuallyHidden>
    </div>
  );
}
