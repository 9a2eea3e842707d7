import type { ReactNode } from 'react';
import { citedSources, type Block, type Cite, type LibraryPage } from '../model.ts';
import { GRADE_LABEL, resolveSource, type CiteId } from '../sources.ts';

/** Citation marks [1][2] linking to the page's numbered source list. */
export function Cites({ cite, numbers }: { cite: Cite; numbers: Map<CiteId, number> }) {
  return (
    <>
      {cite.map((id) => {
        const n = numbers.get(id)!;
        return (
          <sup key={id}>
            <a href={`#source-${n}`} aria-label={`Source ${n}`}>
              [{n}]
            </a>
          </sup>
        );
      })}
    </>
  );
}

function BlockView({ block, numbers }: { block: Block; numbers: Map<CiteId, number> }) {
  switch (block.kind) {
    case 'p':
      return (
        <p>
          {block.text}
          <Cites cite={block.cite} numbers={numbers} />
        </p>
      );
    case 'note':
      return (
        <p className="note">
          <strong>Note: </strong>
          {block.text}
          <Cites cite={block.cite} numbers={numbers} />
        </p>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((i) => (
            <li key={i.text}>
              {i.text}
              <Cites cite={i.cite} numbers={numbers} />
            </li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <div className="table-wrap" role="region" aria-label={block.caption} tabIndex={0}>
          <table>
            <caption>{block.caption}</caption>
            <thead>
              <tr>
                {block.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">Sources</th>
              </tr>
            </thead>
            <tbody>
              {block.rows.map((r, i) => (
                <tr key={i}>
                  {r.cells.map((c, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {c}
                      </th>
                    ) : (
                      <td key={j} data-label={block.columns[j]}>
                        {c}
                      </td>
                    ),
                  )}
                  <td data-label="Sources">
                    <Cites cite={r.cite} numbers={numbers} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'facts':
      return (
        <ul className="facts">
          {block.facts.map((f) => (
            <li key={f.label} className="fact">
              <h3>{f.label}</h3>
              {f.value ? <p className="value">{f.value}</p> : <p className="none">No sourced figure</p>}
              <p>
                {f.detail}
                <Cites cite={f.cite} numbers={numbers} />
              </p>
              {f.weak ? (
                <p>
                  <strong>Weak source: </strong>
                  {f.weak}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      );
    case 'link':
      return (
        <p>
          <a href={block.href}>{block.text}</a>
        </p>
      );
  }
}

export function SourceList({ ids }: { ids: readonly CiteId[] }) {
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <ol>
        {ids.map((id, i) => {
          const s = resolveSource(id);
          return (
            <li key={id} id={`source-${i + 1}`}>
              {s.url ? <a href={s.url}>{s.title}</a> : s.title}{' '}
              <span className="grade">({GRADE_LABEL[s.grade]})</span>
              {s.note ? <> {s.note}</> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function numbering(ids: readonly CiteId[]): Map<CiteId, number> {
  return new Map(ids.map((id, i) => [id, i + 1]));
}

export function Article({
  page,
  before,
  after,
}: {
  page: LibraryPage;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const ids = citedSources(page);
  const numbers = numbering(ids);
  return (
    <article>
      <p className="crumbs">
        <a href="/learn">Learn about OMT</a>
        {page.slug.startsWith('techniques/') ? (
          <>
            {' › '}
            <a href="/learn/techniques">Techniques</a>
          </>
        ) : null}
      </p>
      <h1>{page.title}</h1>
      <p className="lede">{page.lede}</p>
      {before}
      {page.sections.map((s) => (
        <section key={s.id} aria-labelledby={`s-${s.id}`}>
          <h2 id={`s-${s.id}`}>{s.heading}</h2>
          {s.blocks.map((b, i) => (
            <BlockView key={i} block={b} numbers={numbers} />
          ))}
        </section>
      ))}
      {after}
      <SourceList ids={ids} />
    </article>
  );
}
