import { defineRoute } from '../../platform/route.ts';
import { selfCheckRequest, selfCheckResponse } from '../../../contracts/selfcheck.ts';
import { selfCheck, selfCheckSource, type SelfCheckOutcome } from '../../../domain/selfcheck/index.ts';
import type { SelfCheckSourceId } from '../../../domain/selfcheck/index.ts';

const shortSource = (id: SelfCheckSourceId) => {
  const s = selfCheckSource(id);
  return { title: s.title, url: s.url, grade: s.grade, ...(s.note ? { note: s.note } : {}) };
};

/** The API shape of an outcome: the contract's fields plus each source in full (extra fields). */
export function selfCheckAnswer(out: SelfCheckOutcome) {
  return {
    result: out.result,
    reasons: out.reasons.map((r) => ({
      flag: r.flag,
      message: r.message,
      source: r.source,
      result: r.result,
      sources: r.sources.map(shortSource),
    })),
    cautions: out.cautions.map((c) => ({
      flag: c.flag,
      message: c.message,
      techniques: c.techniques,
      sources: c.sources.map(shortSource),
    })),
  };
}

/**
 * Public and anonymous: no session needed, no subject, no audit entry — the answers are not patient
 * data of any clinic and are never stored (a refused body is not recorded either; see app.ts
 * `refusalIsAudited`: public routes without `audit` leave no entry).
 */
export const selfCheckRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/self-check',
  summary:
    'Is OMT right for me? Red-flag triage of a few answers (area, weeks, age, flags); nothing is stored',
  tags: ['public site'],
  access: { public: true },
  subject: 'none',
  body: selfCheckRequest,
  response: selfCheckResponse,
  example: { area: 'low-back', weeks: 12, ageYears: 44, flags: ['osteoporosis'] },
  handler: async (_ctx, { body }) => selfCheckAnswer(selfCheck(body)),
});
