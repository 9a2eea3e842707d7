import { Alert, List, Text } from '@mantine/core';
import type { ApiError } from '../api/client';
import { normalizePath } from './fieldErrors';

function fallbackDetail(status: number): string {
  if (status === 403)
    return 'Your account is not allowed to do this. Ask a clinic administrator if you need access.';
  if (status === 404) return 'It may have been removed, or you may not have access to it.';
  if (status === 409) return 'Someone else changed this in the meantime. Reload and try again.';
  if (status >= 500)
    return 'The server had a problem. Try again in a moment; if it persists, tell your administrator.';
  return 'Please check what you entered and try again.';
}

interface Props {
  error: ApiError | undefined;
  /** Field paths already shown beside their inputs; other field errors are listed here. */
  shownPaths?: readonly string[];
  title?: string;
}

/** Shows an API problem: its title, its `detail`, and any field errors that have no input on screen. */
export function ProblemAlert({ error, shownPaths = [], title }: Props) {
  if (!error) return null;
  const { problem, status } = error;
  const rest = error.fieldErrors.filter((e) => !shownPaths.includes(normalizePath(e.path)));
  return (
    <Alert color="red" title={title ?? problem.title ?? 'Something went wrong'} role="alert">
      <Text size="sm">{problem.detail ?? fallbackDetail(status)}</Text>
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>
              {e.path ? <strong>{normalizePath(e.path)}: </strong> : null}
              {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
