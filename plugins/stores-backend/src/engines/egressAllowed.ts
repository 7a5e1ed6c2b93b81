import { z } from 'zod';

/** One door out of a store: a CIDR and, optionally, the TCP ports open towards it. */
const egressRule = z
  .object({
    cidr: z.union([z.cidrv4(), z.cidrv6()], {
      error: 'a CIDR such as 203.0.113.10/32',
    }),
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
  })
  .strict();

const egressConfig = z.array(egressRule);

export type EgressAllowed = z.infer<typeof egressConfig>;

/**
 * Parses `stores.egress.allowed`: where the platform lets stores' application pods connect
 * (payment gateways, shipping-rate APIs, mail servers). Only the platform's config sets it,
 * never a store request; the charts open it for application pods, never for the database.
 */
export function readEgressAllowed(value: unknown): EgressAllowed {
  const parsed = egressConfig.safeParse(value ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `stores.egress.allowed.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return parsed.data;
}
