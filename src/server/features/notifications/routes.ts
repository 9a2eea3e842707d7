import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import type { Role } from '../../platform/context.ts';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from '../../../domain/scheduling/messages.ts';
import * as service from './service.ts';
import { messageSubject } from './subjects.ts';

const DESK: readonly Role[] = ['admin', 'frontdesk'];
const idParams = z.object({ id: z.uuid('Not a valid message id') });
const tags = ['notifications'];

export const notificationRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/outbox',
    summary:
      'Messages to patients (confirmations, reminders, cancellations, waiting-list offers) with their delivery status',
    tags,
    access: { roles: DESK },
    query: z.object({
      status: z.enum(MESSAGE_STATUSES).optional(),
      kind: z.enum(MESSAGE_KINDS).optional(),
      patientId: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    audit: { action: 'outbox.search', resourceType: 'Communication' },
    subject: 'clinic',
    handler: async (ctx, { query }, req) => ({
      results: await service.listOutbox(ctx, query),
      // Without SMTP nothing leaves the machine: the screen says so (the delivery job reads the same setting).
      mailbox: req.server.deps.config.mail.smtpUrl ? 'smtp' : 'development',
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/outbox/:id',
    summary: 'One message with its full text (the development mailbox when no SMTP server is configured)',
    tags,
    access: { roles: DESK },
    params: idParams,
    audit: { action: 'outbox.read', resourceType: 'Communication' },
    subject: { kind: messageSubject, param: 'id' },
    handler: async (ctx) => service.readMessage(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/outbox/:id/ics',
    summary: 'The iCalendar attachment of a message (text/calendar)',
    tags,
    access: { roles: DESK },
    params: idParams,
    audit: { action: 'outbox.read', resourceType: 'Communication' },
    subject: { kind: messageSubject, param: 'id' },
    handler: async (ctx, _input, _req, reply) => {
      const ics = await service.readMessageIcs(ctx);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="appointment.ics"')
        .send(ics);
    },
  }),
];
