import {
  AREA_LABELS,
  CAUTION_FLAG_IDS,
  CAUTION_QUESTIONS,
  RED_FLAG_RULES,
  SELF_CHECK_AREAS,
  type SelfCheckOutcome,
} from '../../../../../domain/selfcheck/index.ts';
import type { CiteId } from '../sources.ts';
import { Cites, SourceList, numbering } from './article.tsx';

/** What the visitor typed, as strings (kept when the form comes back with errors). */
export interface FormValues {
  area?: string;
  weeks?: string;
  ageYears?: string;
  flags: string[];
}

export type FieldErrors = Partial<Record<'area' | 'weeks' | 'ageYears' | 'flags', string>>;

function ErrorText({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="error" id={id}>
      {text}
    </p>
  ) : null;
}

function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="alert" role="alert">
      <h2>Please check {entries.length === 1 ? 'one answer' : `${entries.length} answers`}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field === 'area' ? 'area-low-back' : field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NumberField(props: {
  id: 'weeks' | 'ageYears';
  label: string;
  max: number;
  values: FormValues;
  errors: FieldErrors;
}) {
  const { id, label, max, values, errors } = props;
  const error = errors[id];
  return (
    <>
      <label className="field" htmlFor={id}>
        {label}
      </label>
      <ErrorText id={`${id}-error`} text={error} />
      <input
        type="number"
        id={id}
        name={id}
        min={0}
        max={max}
        inputMode="numeric"
        defaultValue={values[id]}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
      />
    </>
  );
}

function Checkbox({ flag, label, values }: { flag: string; label: string; values: FormValues }) {
  return (
    <div className="choice">
      <input
        type="checkbox"
        name="flags"
        id={`flag-${flag}`}
        value={flag}
        defaultChecked={values.flags.includes(flag)}
      />
      <label htmlFor={`flag-${flag}`}>{label}</label>
    </div>
  );
}

export function SelfCheckForm({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <h1>Is OMT right for me?</h1>
      <p className="lede">
        A few questions, about two minutes. Your answers are not stored: they are checked once and forgotten.
      </p>
      <p>
        If you have severe pain with chest pressure, or you feel very unwell, do not fill this in —{' '}
        <strong>call 911</strong>.
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/self-check" noValidate>
        <fieldset aria-describedby={errors.area ? 'area-error' : undefined}>
          <legend>Where is the problem?</legend>
          <ErrorText id="area-error" text={errors.area} />
          {SELF_CHECK_AREAS.map((a) => (
            <div className="choice" key={a}>
              <input type="radio" name="area" id={`area-${a}`} value={a} defaultChecked={values.area === a} />
              <label htmlFor={`area-${a}`}>{AREA_LABELS[a]}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>About you</legend>
          <NumberField
            id="weeks"
            label="How many weeks has it lasted?"
            max={5200}
            values={values}
            errors={errors}
          />
          <NumberField id="ageYears" label="Your age in years" max={130} values={values} errors={errors} />
        </fieldset>
        <fieldset id="flags">
          <legend>Do any of these apply to you now? Tick all that do.</legend>
          <ErrorText id="flags-error" text={errors.flags} />
          {RED_FLAG_RULES.map((r) => (
            <Checkbox key={r.flag} flag={r.flag} label={r.question} values={values} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Things that change which techniques are safe. Tick all that apply.</legend>
          {CAUTION_FLAG_IDS.map((f) => (
            <Checkbox key={f} flag={f} label={CAUTION_QUESTIONS[f]} values={values} />
          ))}
        </fieldset>
        <button type="submit">See my result</button>
      </form>
    </>
  );
}

const HEADLINE = {
  emergency: 'Get emergency care now',
  'see-a-doctor-first': 'See a doctor first',
  'omt-may-help': 'OMT may help you',
} as const;

export function SelfCheckResultView({ area, out }: { area: string; out: SelfCheckOutcome }) {
  const ids: CiteId[] = [
    ...new Set<CiteId>([...out.reasons.flatMap((r) => r.sources), ...out.cautions.flatMap((c) => c.sources)]),
  ];
  const numbers = numbering(ids);
  const findHref = `/find-a-do?area=${encodeURIComponent(area)}`;
  return (
    <>
      <h1>Your result: {HEADLINE[out.result]}</h1>
      {out.result === 'emergency' ? (
        <div className="alert" role="alert">
          <h2>Call 911 or go to the nearest emergency department now</h2>
          <p>
            What you described can be a medical emergency. Do not wait for an OMT appointment and do not drive
            yourself if you feel unwell.
          </p>
        </div>
      ) : out.result === 'see-a-doctor-first' ? (
        <div className="warn">
          <h2>Please see your doctor before any hands-on treatment</h2>
          <p>Make an appointment with your doctor (or a DO as your doctor) to find the cause first.</p>
        </div>
      ) : (
        <div className="ok">
          <h2>Nothing you told us rules OMT out</h2>
          <p>
            A DO will still ask about your health and examine you before treating. Evidence is best for low
            back pain. <a href="/learn/evidence">What the evidence says</a>.
          </p>
        </div>
      )}
      {out.reasons.length ? (
        <section aria-labelledby="why">
          <h2 id="why">Why</h2>
          <ul>
            {out.reasons.map((r) => (
              <li key={r.flag}>
                <strong>{RED_FLAG_RULES.find((x) => x.flag === r.flag)!.question}.</strong> {r.message}
                <Cites cite={r.sources as [CiteId, ...CiteId[]]} numbers={numbers} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {out.cautions.length ? (
        <section aria-labelledby="tell">
          <h2 id="tell">Tell the DO</h2>
          <ul>
            {out.cautions.map((c) => (
              <li key={c.flag}>
                {c.message}
                <Cites cite={c.sources as [CiteId, ...CiteId[]]} numbers={numbers} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="next">
        <h2 id="next">{out.result === 'omt-may-help' ? 'Next step' : 'When you have been seen'}</h2>
        <p>
          <a className="cta" href={findHref}>
            Find a DO near you
          </a>
        </p>
        <p>
          <a href="/learn/first-visit">What happens at a first visit</a> ·{' '}
          <a href="/self-check">Start again</a>
        </p>
      </section>
      {ids.length ? <SourceList ids={ids} /> : null}
    </>
  );
}
