import { z } from 'zod';

/** One container image of a store chart, as the platform team names it in its registry. */
const imageRef = z
  .object({
    repository: z
      .string()
      .regex(
        /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
        'an image repository such as registry.example.com/storefleet/medusa',
      ),
    tag: z
      .string()
      .regex(/^[\w][\w.-]{0,127}$/, 'an image tag')
      .refine(tag => tag !== 'latest', 'a pinned tag, never latest'),
    pullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  })
  .strict();

/** `stores.images`: engine id → chart component (`medusa`, `storefront`, …) → image. */
const imagesConfig = z.record(
  z.string(),
  z.record(
    z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a chart component'),
    imageRef,
  ),
);

export type ImageOverrides = z.infer<typeof imagesConfig>;

/** Parses `stores.images`, naming the first bad key in the error. */
export function readImageOverrides(value: unknown): ImageOverrides {
  const parsed = imagesConfig.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`stores.images.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The chart values that point an engine's components at the platform's images. */
export const imageValues = (overrides: ImageOverrides, engineId: string) =>
  Object.fromEntries(
    Object.entries(overrides[engineId] ?? {}).map(([component, image]) => [
      component,
      { image },
    ]),
  );
