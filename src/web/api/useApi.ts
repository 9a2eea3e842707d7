import { useCallback, useEffect, useState } from 'react';
import { api, isAbortError, toApiError, type ApiError } from './client';

interface State<T> {
  /** The path the data and error belong to, so a new path never shows the previous record. */
  path: string | null;
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

export interface ApiResource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** Replace the data with a server answer (after a PATCH, for example). */
  setData: (data: T) => void;
}

/**
 * Loads `path` with GET and keeps the answer in React state only (never in browser storage).
 * `null` means "nothing to load yet".
 */
export function useApiGet<T>(path: string | null): ApiResource<T> {
  const [state, setState] = useState<State<T>>({
    path: null,
    data: undefined,
    error: undefined,
    loading: false,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({
      path,
      data: s.path === path ? s.data : undefined,
      error: undefined,
      loading: true,
    }));
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => setState({ path, data, error: undefined, loading: false }),
      (e: unknown) => {
        if (isAbortError(e) || controller.signal.aborted) return;
        setState({ path, data: undefined, error: toApiError(e), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setData = useCallback(
    (data: T) => setState({ path, data, error: undefined, loading: false }),
    [path],
  );

  const current = state.path === path;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && (!current || state.loading),
    reload,
    setData,
  };
}
