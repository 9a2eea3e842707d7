import type { ReactNode } from 'react';

/** One choice of a booking step: a whole-card button in a list, marked when it is the current one. */
export function ChoiceCard({
  onClick,
  current,
  children,
}: {
  onClick: () => void;
  current?: boolean;
  children: ReactNode;
}) {
  return (
    <li>
      <button
        type="button"
        className="choice-card"
        onClick={onClick}
        aria-current={current ? 'true' : undefined}
      >
        {children}
      </button>
    </li>
  );
}
