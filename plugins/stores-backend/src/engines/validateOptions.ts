import { InputError } from '@backstage/errors';
import { StoreEngine } from '@storefleet/plugin-stores-node';

/**
 * Checks a requester's options against the engine's schema: only the options the engine
 * allows, each valid. The message names every bad option, e.g.
 * `options.country: an ISO 3166-1 alpha-2 code in capitals, e.g. DE`.
 */
export function validateOptions(
  engine: StoreEngine,
  options: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (options === undefined || Object.keys(options).length === 0) {
    return undefined;
  }
  if (!engine.options) {
    throw new InputError(`Store engine '${engine.id}' takes no options`);
  }
  const result = engine.options.safeParse(options);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const path = ['options', ...issue.path.map(String)].join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InputError(
    `Invalid options for store engine '${engine.id}': ${problems.join('; ')}`,
  );
}
