/**
 * The notifications feature: the words of the messages other features emit (templates), their
 * delivery (a background job and its transports: SMTP or the development mailbox) and staff's
 * view of the outbox. Messages are written with `emit` (platform/outbox.ts); this feature reads
 * scheduling only through its index.ts.
 */
import { jobs } from '../../platform/jobs.ts';
import { renderWith } from '../../platform/outbox.ts';
import { VISIT_NOTICE } from '../scheduling/index.ts';
import { renderVisitNotice } from './templates.ts';
import { deliveryJob } from './delivery.ts';

import { defineFeature } from '../../platform/feature.ts';
import { notificationRoutes } from './routes.ts';
import { messageSubject } from './subjects.ts';

export { notificationRoutes };

export const feature = defineFeature({
  name: 'notifications',
  routes: notificationRoutes,
  subjects: [messageSubject],
  jobs: ['notifications.deliver'],
});

renderWith(VISIT_NOTICE, renderVisitNotice);
// Every pass, after scheduling's jobs (imported above): offers a pass releases go out in that pass.
jobs.register('notifications.deliver', deliveryJob);
