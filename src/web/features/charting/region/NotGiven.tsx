/** The "—" of a choice nothing was chosen for, named for screen readers ("Not assessed"). */
export function NotGiven({ text }: { text: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{text}</span>
    </>
  );
}
