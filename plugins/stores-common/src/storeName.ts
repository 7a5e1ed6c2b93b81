import { z } from 'zod';

/** Kubernetes caps a DNS-1123 label at 63; the namespace adds the `store-` prefix. */
export const STORE_NAME_MAX_LENGTH = 40;

/**
 * Name prefixes the platform keeps for stores of its own (warm-pool slots): no request may take
 * one, so no person's store is ever named, namespaced or released like a slot.
 */
export const RESERVED_STORE_NAME_PREFIXES = ['pool-'] as const;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Explains exactly what is wrong with a store name, or returns undefined when it is valid.
 * Store names become namespace and Helm release names, so they must be DNS-1123 labels.
 */
export function explainInvalidStoreName(name: string): string | undefined {
  if (name.length === 0) {
    return 'Store name must not be empty';
  }
  if (name.length > STORE_NAME_MAX_LENGTH) {
    return `Store name must be at most ${STORE_NAME_MAX_LENGTH} characters, got ${name.length}`;
  }
  const reserved = RESERVED_STORE_NAME_PREFIXES.find(p => name.startsWith(p));
  if (reserved) {
    return `Store names starting with '${reserved}' are the platform's own (warm-pool slots); choose another name`;
  }
  if (!DNS_1123_LABEL.test(name)) {
    const bad = [...name].find(c => !/[a-z0-9-]/.test(c));
    if (bad !== undefined) {
      return `Store name may contain only lower-case letters, digits and '-', found '${bad}'`;
    }
    return "Store name must start and end with a lower-case letter or digit, not '-'";
  }
  return undefined;
}

/** Zod schema for a store name, carrying the precise message of {@link explainInvalidStoreName}. */
export const storeNameSchema = z.string().superRefine((name, ctx) => {
  const problem = explainInvalidStoreName(name);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
  }
});

/** The prefix of every store namespace (the platform's admission policy pins it too). */
export const STORE_NAMESPACE_PREFIX = 'store-';

/** The namespace a store lives in. */
export function storeNamespace(name: string): string {
  return `${STORE_NAMESPACE_PREFIX}${name}`;
}
