import { Button } from '@mantine/core';
import type { ApiError } from '../api/client';
import { ProblemAlert } from './ProblemAlert';

/** A failed load: the problem, and a "Try again" button that loads it again. Nothing without an error. */
export function ProblemWithRetry({
  error,
  title,
  onRetry,
}: {
  error: ApiError | undefined;
  title: string;
  onRetry: () => void;
}) {
  if (!error) return null;
  return (
    <>
      <ProblemAlert error={error} title={title} />
      <div>
        <Button variant="default" onClick={onRetry}>
          Try again
        </Button>
      </div>
    </>
  );
}
