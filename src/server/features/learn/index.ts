/**
 * The public site: the education library and the self-check (issue 12). Pages are rendered on the
 * server from the same domain data the clinicians use (`registerPublicSite`); the self-check API is
 * an ordinary public route of the table.
 */
import { defineFeature } from '../../platform/feature.ts';
import { selfCheckRoute } from './selfcheck-route.ts';

export const feature = defineFeature({
  name: 'learn',
  routes: [selfCheckRoute],
});

export { registerPublicSite } from './site/register.ts';
