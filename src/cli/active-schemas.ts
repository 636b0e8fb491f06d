import { z } from 'zod';
import { ruleSchema, targetSchema } from '../active/rules.js';
import { INCIDENT_SEVERITIES } from '../store/active-store.js';

/** Shapes of the active-metadata answers the CLI reads from a server (incidents, subscriptions, alerts). */
export const incidentSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  title: z.string(),
  severity: z.enum(INCIDENT_SEVERITIES),
  status: z.enum(['open', 'resolved']),
  openedAt: z.string(),
  openedBy: z.string().nullable(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  notes: z.array(z.object({ at: z.string(), actor: z.string().nullable(), message: z.string() })),
});

export const oneIncidentSchema = z.object({ incident: incidentSchema });
export const incidentListSchema = z.object({ incidents: z.array(incidentSchema), total: z.number() });

export const subscriptionViewSchema = z.object({
  id: z.string(),
  rule: ruleSchema,
  target: targetSchema,
  description: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});

export const deliverySchema = z.object({
  id: z.number(),
  subscriptionId: z.string(),
  dedupKey: z.string(),
  rule: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  responseStatus: z.number().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
