/**
 * The request bodies are described twice on purpose: openapi.yaml (the contract the HTTP router
 * enforces, and the source of the generated client and types) and the rules here, which the
 * operations apply for both doors with precise messages. This holds them together: the same
 * fields, the same required ones, the same strictness and the same bounds.
 */
import { z } from 'zod';
import { spec } from '../schema/openapi/generated/router';
import {
  createBody,
  domainBody,
  extendBody,
  rollbackBody,
  upgradeBody,
} from './requestSchemas';

type JsonSchema = {
  required?: string[];
  additionalProperties?: unknown;
  properties?: Record<string, Record<string, unknown>>;
};

/** What both must say alike: fields, required ones, strictness, numeric and length bounds. */
function shape(schema: JsonSchema) {
  const bounds = ['minimum', 'maximum', 'maxLength', 'type'] as const;
  return {
    fields: Object.keys(schema.properties ?? {}).sort(),
    required: [...(schema.required ?? [])].sort(),
    strict: schema.additionalProperties === false,
    bounds: Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, p]) => [
        name,
        Object.fromEntries(
          bounds
            .filter(b => p[b] !== undefined && !isSafeIntegerBound(p[b]))
            .map(b => [b, b === 'type' ? normaliseType(p) : p[b]]),
        ),
      ]),
    ),
  };
}

/** zod states an integer's range as the safe integers; the spec leaves that unsaid. */
function isSafeIntegerBound(value: unknown) {
  return value === Number.MAX_SAFE_INTEGER || value === Number.MIN_SAFE_INTEGER;
}

/** zod writes a nullable string as anyOf; the spec as `nullable: true`. A custom check has no type. */
function normaliseType(p: Record<string, unknown>) {
  return p.type === 'integer' ? 'integer' : p.type;
}

function fromZod(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io: 'input',
  }) as JsonSchema;
  // Fields whose rule is code (a refinement) carry no JSON type: compare only what both state.
  for (const p of Object.values(json.properties ?? {})) {
    const anyOf = p.anyOf as Record<string, unknown>[] | undefined;
    if (anyOf)
      Object.assign(
        p,
        anyOf.find(a => a.type !== 'null'),
      );
  }
  return json;
}

const components = spec.components.schemas as unknown as Record<
  string,
  JsonSchema
>;

/** A spec property's bounds, with its fields' types dropped where zod has none to compare. */
function comparable(fromSpec: JsonSchema, zod: JsonSchema) {
  const a = shape(fromSpec);
  const b = shape(zod);
  for (const [field, bounds] of Object.entries(a.bounds)) {
    if (!('type' in (b.bounds[field] ?? {}))) delete bounds.type;
  }
  for (const [field, bounds] of Object.entries(b.bounds)) {
    if (!('type' in (a.bounds[field] ?? {}))) delete bounds.type;
  }
  return [a, b];
}

describe('the request rules and openapi.yaml say the same', () => {
  it.each([
    ['CreateStoreRequest', createBody],
    ['ExtendStoreRequest', extendBody],
    ['UpgradeStoreRequest', upgradeBody],
    ['RollbackStoreRequest', rollbackBody],
    ['SetStoreDomainRequest', domainBody],
  ] as const)('%s', (name, rules) => {
    const [inSpec, inRules] = comparable(components[name], fromZod(rules));
    expect(inRules).toEqual(inSpec);
  });
});
