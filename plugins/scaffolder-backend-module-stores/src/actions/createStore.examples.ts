import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a WooCommerce store owned by the person running the template',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Create store',
          input: { name: 'my-shop', engine: 'woocommerce' },
        },
      ],
    }),
  },
  {
    description:
      'Create a Medusa store owned by a group, waiting at most 15 minutes',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Create store',
          input: {
            name: 'team-shop',
            engine: 'medusa',
            owner: 'group:default/web',
            timeoutMinutes: 15,
          },
        },
      ],
    }),
  },
  {
    description: 'Create a German WooCommerce store selling in euros',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-store',
          action: 'stores:create',
          name: 'Create store',
          input: {
            name: 'berlin-shop',
            engine: 'woocommerce',
            displayName: 'Berlin Shop',
            options: { country: 'DE', currency: 'EUR' },
          },
        },
      ],
    }),
  },
];
