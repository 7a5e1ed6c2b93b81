import { InputError } from '@backstage/errors';
import {
  STORE_STATUSES,
  storeDisplayNameSchema,
  storeNameSchema,
  storeOwnerSchema,
} from '@storefleet/plugin-stores-common';
import { z } from 'zod';

/**
 * The rules every input meets, whichever door it comes through: StoreOperations parses each body
 * (the HTTP API's, an action's input) with these, with their precise messages. Their bounds and
 * strictness are those of openapi.yaml (requestSchemas.test.ts holds the two together); the
 * queries are the HTTP API's own.
 */
const OPTION_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;
const ttlHours = z
  .number()
  .int()
  .min(1)
  .max(24 * 365);

export const createBody = z.strictObject({
  name: storeNameSchema,
  engine: z.string().min(1).max(63),
  displayName: storeDisplayNameSchema.optional(),
  owner: storeOwnerSchema.optional(),
  // Checked against the engine's own option schema by the lifecycle.
  // Option names are plain identifiers: no `__proto__` (which zod would drop silently rather
  // than refuse), no paths, no template syntax. Values are the engine's to check.
  options: z
    .custom<Record<string, unknown>>(
      value =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).every(key => OPTION_NAME.test(key)),
      'options must be an object of named options (letters and digits)',
    )
    .optional(),
  // The lifecycle checks it against stores.expiry.maxTtlHours.
  ttlHours: ttlHours.optional(),
});

export const extendBody = z.strictObject({ hours: ttlHours });

export const upgradeBody = z.strictObject({
  options: createBody.shape.options.unwrap(),
});

export const rollbackBody = z.strictObject({
  revision: z.number().int().min(1),
});

/** A DNS name of at least two labels, lower-case, no wildcard; null removes the domain. */
export const domainBody = z.strictObject({
  hostname: z
    .string()
    .max(253)
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
      'a lower-case DNS name of two or more labels, e.g. shop.example.com',
    )
    .nullable(),
});

export const listQuery = z.object({
  status: z.enum(STORE_STATUSES).optional(),
  engine: z.string().optional(),
  owner: z.string().max(255).optional(),
  /** Only the caller's stores: owned or requested by them or owned by one of their groups. */
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform(v => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const fleetActivityQuery = z.object({
  /** The `nextCursor` of the previous page. */
  cursor: z.coerce.number().int().min(1).optional(),
  store: z.string().max(63).optional(),
  actor: z.string().max(255).optional(),
  kind: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const logsQuery = z.object({
  component: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a component name')
    .optional(),
  tailLines: z.coerce.number().int().min(1).max(2000).default(200),
});

export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`Invalid ${what}: ${at}${issue.message}`);
  }
  return result.data;
}

export type CreateStoreRequest = z.infer<typeof createBody>;
