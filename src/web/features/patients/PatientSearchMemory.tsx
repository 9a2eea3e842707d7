import { createContext, useContext, useState, type ReactNode } from 'react';

/**
 * Remembers the last patient search while the app is open, so "back" from a record returns to
 * the same list. It lives in React state, not in the URL: a name in the address bar would end up
 * in the browser's history on disk.
 */
const PatientSearchContext = createContext<[string, (q: string) => void] | null>(null);

export function PatientSearchMemory({ children }: { children: ReactNode }) {
  const state = useState('');
  return <PatientSearchContext.Provider value={state}>{children}</PatientSearchContext.Provider>;
}

export function usePatientSearchMemory(): [string, (q: string) => void] {
  const value = useContext(PatientSearchContext);
  if (!value) throw new Error('usePatientSearchMemory() used outside <PatientSearchMemory>');
  return value;
}
