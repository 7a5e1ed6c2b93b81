/**
 * What the WooCommerce chart renders for the parts a real cluster needs beyond the first
 * install: the setup hook on every install, upgrade and rollback; WordPress's scheduled work in a
 * CronJob (WP-Cron off); the NetworkPolicies that let that job reach the database and only the
 * platform's egress door beyond; the mail settings, with the password only from a Secret.
 */
import { podSpecOf } from './workloads';
import { charts, helmTemplate, Manifest, renderChart } from './render';

const woo = charts.find(c => c.name === 'woocommerce-store')!;

const find = (manifests: Manifest[], kind: string, nameEnd: string) =>
  manifests.find(m => m.kind === kind && m.metadata.name.endsWith(nameEnd));

const envOf = (m: Manifest) =>
  Object.fromEntries(
    podSpecOf(m).containers[0].env.map((e: any) => [
      e.name,
      e.value ?? e.valueFrom,
    ]),
  );

const selects = (policy: Manifest, name: string) => {
  const selector = policy.spec.podSelector;
  if (selector.matchLabels)
    return selector.matchLabels['app.kubernetes.io/name'] === name;
  return selector.matchExpressions.some(
    (e: any) =>
      e.key === 'app.kubernetes.io/name' &&
      e.operator === 'In' &&
      e.values.includes(name),
  );
};

describe.each(woo.valuesFiles)('woocommerce-store with %s', valuesFile => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await renderChart(woo.dir, valuesFile);
  });

  it('runs the setup Job after every install, upgrade and rollback', () => {
    const setup = find(manifests, 'Job', '-setup')!;
    expect(setup.metadata.annotations?.['helm.sh/hook']).toBe(
      'post-install,post-upgrade,post-rollback',
    );
  });

  it("runs WordPress's scheduled work from a CronJob, with WP-Cron off in every WordPress container", async () => {
    const cron = find(manifests, 'CronJob', '-cron')!;
    expect(cron.spec.schedule).toBe('*/5 * * * *');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const pod = podSpecOf(cron);
    expect(pod.containers[0].command).toEqual(['bash', '/scripts/cron.sh']);
    const scripts = find(manifests, 'ConfigMap', '-scripts')!;
    expect(scripts.data?.['cron.sh']).toContain('wp cron event run --due-now');
    expect(scripts.data?.['cron.sh']).toContain('action-scheduler run');
    for (const m of [
      cron,
      find(manifests, 'Deployment', '-wordpress')!,
      find(manifests, 'Job', '-setup')!,
    ]) {
      expect(envOf(m).WORDPRESS_CONFIG_EXTRA).toContain(
        "define('DISABLE_WP_CRON', true);",
      );
    }
    const suspended = await renderChart(woo.dir, valuesFile, [
      '--set',
      'suspended=true',
    ]);
    expect(find(suspended, 'CronJob', '-cron')).toBeUndefined();
  });

  it('lets the cron job reach the database, and nothing else but DNS unless the platform opens the egress door', async () => {
    const policies = manifests.filter(m => m.kind === 'NetworkPolicy');
    const toDatabase = policies.find(p =>
      p.metadata.name.endsWith('-allow-to-database'),
    )!;
    expect(selects(toDatabase, 'cron')).toBe(true);
    const database = policies.find(p =>
      p.metadata.name.endsWith('-allow-database'),
    )!;
    expect(
      database.spec.ingress[0].from.map(
        (f: any) => f.podSelector.matchLabels['app.kubernetes.io/name'],
      ),
    ).toEqual(['wordpress', 'setup', 'cron']);
    expect(
      policies.find(p => p.metadata.name.endsWith('-allow-egress')),
    ).toBeUndefined();
    const opened = await renderChart(woo.dir, valuesFile, [
      '--set-json',
      'networkPolicy.egressAllowed=[{"cidr":"203.0.113.25/32","ports":[587]}]',
    ]);
    const door = opened.find(
      m =>
        m.kind === 'NetworkPolicy' && m.metadata.name.endsWith('-allow-egress'),
    )!;
    expect(selects(door, 'cron')).toBe(true);
    expect(selects(door, 'mariadb')).toBe(false);
  });

  it('sends mail through the SMTP server in values, the password only from a Secret', async () => {
    expect(
      envOf(find(manifests, 'Deployment', '-wordpress')!).SMTP_HOST,
    ).toBeUndefined();
    const withMail = await renderChart(woo.dir, valuesFile, [
      '--set',
      'mail.smtp.host=smtp.example.com',
      '--set',
      'mail.smtp.user=shop@example.com',
      '--set',
      'mail.smtp.from=shop@example.com',
      '--set',
      'mail.smtp.passwordSecret.name=smtp',
    ]);
    for (const m of [
      find(withMail, 'Deployment', '-wordpress')!,
      find(withMail, 'CronJob', '-cron')!,
    ]) {
      const env = envOf(m);
      expect(env.SMTP_HOST).toBe('smtp.example.com');
      expect(env.SMTP_PORT).toBe('587');
      expect(env.SMTP_ENCRYPTION).toBe('tls');
      expect(env.SMTP_USER).toBe('shop@example.com');
      expect(env.SMTP_FROM).toBe('shop@example.com');
      expect(env.SMTP_PASSWORD).toEqual({
        secretKeyRef: { name: 'smtp', key: 'password' },
      });
    }
  });
});

it('refuses mail settings that are not an SMTP server', async () => {
  for (const [args, field] of [
    [['--set', 'mail.smtp.encryption=starttls'], 'mail.smtp.encryption'],
    [['--set', 'mail.smtp.host=smtp.example.com;rm'], 'mail.smtp.host'],
    [['--set', 'cron.schedule=every day'], 'cron.schedule'],
  ] as const) {
    const result = await helmTemplate(woo.dir, [
      '--set',
      'existingSecret=store-credentials',
      ...args,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(field);
  }
});
