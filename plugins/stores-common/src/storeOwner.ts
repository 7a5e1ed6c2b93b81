import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { z } from 'zod';

/** Longer than any real `kind:namespace/name` ref; keeps messages and rows small. */
export const STORE_OWNER_MAX_LENGTH = 255;

const validator = makeValidator();

/**
 * Reads a store owner: a user or group entity ref (`group:default/team-a`, or `team-a` for a
 * group in the default namespace). Returns the normalized, lower-case ref the permission policy
 * compares with a person's ownership refs, or the reason it is not one.
 */
export function parseStoreOwner(
  ref: string,
): { owner: string } | { problem: string } {
  if (ref.length > STORE_OWNER_MAX_LENGTH) {
    return {
      problem: `Owner must be at most ${STORE_OWNER_MAX_LENGTH} characters, got ${ref.length}`,
    };
  }
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return {
      problem: `Owner must be a user or group entity ref such as group:default/team-a, got '${ref}'`,
    };
  }
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    return { problem: `Owner must be a user or a group, not a ${parsed.kind}` };
  }
  if (
    !validator.isValidNamespace(parsed.namespace) ||
    !validator.isValidEntityName(parsed.name)
  ) {
    return {
      problem: `Owner must be a user or group entity ref such as group:default/team-a, got '${ref}'`,
    };
  }
  return {
    owner: stringifyEntityRef({ ...parsed, kind }).toLocaleLowerCase('en-US'),
  };
}

/** Zod schema for a store owner; parses to the normalized ref. */
export const storeOwnerSchema = z
  .string()
  // Checked with its precise message below; stated here for the JSON Schema (the API spec's bound).
  .meta({ maxLength: STORE_OWNER_MAX_LENGTH })
  .transform((ref, ctx) => {
    const result = parseStoreOwner(ref);
    if ('problem' in result) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result.owner;
  });

/** Control characters and the bidirectional overrides that make text read differently. */
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Zod schema for a store's display name: what customers see, 1–100 printable characters. */
export const storeDisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'Display name must not be blank')
  .max(100, 'Display name must be at most 100 characters')
  .refine(
    name => !UNPRINTABLE.test(name),
    'Display name must not contain control characters or bidirectional overrides',
  )
  // Set-up tools (WP-CLI) take a leading '-' as one of their own options.
  .refine(
    name => !name.startsWith('-'),
    "Display name must not start with '-' (set-up tools would read it as an option)",
  );
