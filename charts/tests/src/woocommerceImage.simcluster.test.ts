/**
 * images/woocommerce as far as it can be built and run on a machine that cannot reach
 * wordpress.org or GitHub. Its base is a STAND-IN for the official WordPress image, made from
 * Debian's php, apache2 and wordpress packages (tools/sim-cluster/real-node/images/wordpress), and
 * the two downloads (the WooCommerce plugin, WP-CLI) are switched off with DOWNLOADS=off: every
 * other step of the Dockerfile runs as written. Then, on the sim cluster's real node, the chart's
 * own WordPress Deployment runs that image against the chart's MariaDB (Debian's MariaDB behind
 * the official image's interface) until the setup Job, which needs WP-CLI, stops it.
 */
import { run, runOrThrow, simCluster } from '@storefleet/sim-cluster';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(30 * 60_000);

const image = 'localhost/storefleet/woocommerce-standin:test';
const podmanLimits = [
  '--ulimit',
  'nofile=1024:1024',
  '--ulimit',
  'nproc=4096:4096',
];
const container = `sf-woo-standin-${process.pid}`;
const port = 18080 + (process.pid % 1000);
let env: NodeJS.ProcessEnv;
let scratch: string;

const ok = (file: string, args: string[], timeoutMs = 900_000) =>
  runOrThrow(file, args, { env, timeoutMs });

const inImage = (script: string) =>
  ok('podman', ['exec', container, 'sh', '-c', script]);

async function status(path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    redirect: 'manual',
  });
  return res.status;
}

beforeAll(async () => {
  env = await simCluster.up({ realNode: true });
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-woo-'));
});

afterAll(async () => {
  await run('podman', ['rm', '-f', container], { env });
  rmSync(scratch, { recursive: true, force: true });
});

describe('the WooCommerce image, built from the stand-in base with the downloads off', () => {
  it('builds, and carries unzip, the MariaDB client, root-owned code, the Apache rules and the PHP settings', async () => {
    const build = await ok('podman', [
      'build',
      '--pull=never',
      '--network=host',
      ...podmanLimits,
      '--build-arg',
      'WORDPRESS_IMAGE=localhost/storefleet/wordpress:6-php8.2-apache',
      '--build-arg',
      'DOWNLOADS=off',
      '-t',
      image,
      resolve(simCluster.root, 'images/woocommerce'),
    ]);
    expect(build).toContain(image);

    // A page that prints PHP's settings as the web server runs them (test only, mounted).
    writeFileSync(
      join(scratch, 'ini.php'),
      '<?php foreach (["upload_max_filesize", "post_max_size", "memory_limit", "expose_php"] as $k) { echo $k, "=", ini_get($k), "\\n"; }',
    );
    await ok('podman', [
      'run',
      '-d',
      '--name',
      container,
      ...podmanLimits,
      '-p',
      `127.0.0.1:${port}:8080`,
      '-v',
      `${join(scratch, 'ini.php')}:/var/www/html/storefleet-test-ini.php:ro`,
      image,
    ]);
    for (let i = 0; i < 120; i++) {
      if ((await status('/storefleet-test-ini.php').catch(() => 0)) === 200)
        break;
      await new Promise(r => setTimeout(r, 250));
    }

    // 1 and 2: what the official base lacks.
    expect(await inImage('unzip -v | head -1')).toMatch(/^UnZip 6/);
    expect(await inImage('mariadb-check --version')).toMatch(/MariaDB/);
    expect(await inImage('mysqlcheck --version')).toMatch(/MariaDB/);

    // 7: the code is root's and read-only to PHP's uid; only uploads are writable.
    expect(await inImage('id -u')).toBe('33\n');
    expect(
      await inImage(
        'stat -c "%U %a %n" /var/www/html /var/www/html/wp-config.php /var/www/html/wp-includes/version.php /var/www/html/wp-content/plugins /var/www/html/wp-content/uploads',
      ),
    ).toBe(
      [
        'root 755 /var/www/html',
        'root 644 /var/www/html/wp-config.php',
        'root 644 /var/www/html/wp-includes/version.php',
        'root 755 /var/www/html/wp-content/plugins',
        'www-data 755 /var/www/html/wp-content/uploads',
        '',
      ].join('\n'),
    );
    expect(
      await inImage(
        'find /var/www/html -path /var/www/html/wp-content/uploads -prune -o -writable -print | head -3',
      ),
    ).toBe('');
    expect(
      await inImage(
        'cat /var/www/html/wp-content/mu-plugins/storefleet-smtp.php | grep -c phpmailer_init',
      ),
    ).toBe('1\n');

    // Readiness says whether the database answers, installed or not (here: no database).
    expect(await status('/storefleet-health.php')).toBe(503);

    // 4: the web installer never answers; 7: no PHP runs from uploads.
    for (const path of [
      '/wp-admin/install.php',
      '/wp-admin/setup-config.php',
      '/wp-admin//install.php',
      '/wp-admin/install.php/x',
      '/wp-admin/install.php?step=2',
    ]) {
      expect([path, await status(path)]).toEqual([path, 403]);
    }
    await inImage(
      'echo "<?php echo 42;" > /var/www/html/wp-content/uploads/shell.php; echo "<?php echo 42;" > /var/www/html/wp-content/uploads/shell.php.jpg',
    );
    expect(await status('/wp-content/uploads/shell.php')).toBe(403);
    expect(await status('/wp-content/uploads/shell.php.jpg')).toBe(403);

    // 7: PHP's limits, as the web server applies them; Apache's worker cap.
    const ini = await (
      await fetch(`http://127.0.0.1:${port}/storefleet-test-ini.php`)
    ).text();
    expect(ini).toBe(
      'upload_max_filesize=32M\npost_max_size=34M\nmemory_limit=256M\nexpose_php=\n',
    );
    expect(
      await inImage(
        'grep -h MaxRequestWorkers /etc/apache2/conf-enabled/storefleet.conf',
      ),
    ).toMatch(/MaxRequestWorkers\s+10/);
    // The downloads are off: no WP-CLI, no WooCommerce (this image cannot run a store).
    expect(
      await inImage(
        'command -v wp || echo no-wp; ls /var/www/html/wp-content/plugins',
      ),
    ).toMatch(/^no-wp\n/);
  });
});

describe("the store's setup script", () => {
  const files = resolve(
    simCluster.root,
    'plugins/stores-backend/charts/woocommerce-store/files',
  );

  it('passes ShellCheck', async () => {
    const lint = await run('shellcheck', [
      '-s',
      'bash',
      join(files, 'setup.sh'),
      join(files, 'cron.sh'),
    ]);
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.code).toBe(0);
  });

  /** Runs setup.sh in the image with the WP-CLI test double; returns its output and the calls. */
  async function runSetup(installed: boolean) {
    const secrets = {
      STORE_ADMIN_PASSWORD: 'pw-Zq81-not-in-argv',
      WC_PROBE_CONSUMER_KEY: 'key-4711-not-in-argv',
      WC_PROBE_CONSUMER_SECRET: 'secret-0815-not-in-argv',
    };
    writeFileSync(
      join(scratch, 'setup.env'),
      Object.entries({
        ...secrets,
        HOME: '/tmp',
        STORE_URL: 'http://shop.localhost',
        // A hostile title: WP-CLI would take `--exec=<php>` as a flag of its own (PHP run in the
        // setup Job, which holds the store's keys) if it ever became an argument.
        STORE_TITLE:
          '--exec=file_put_contents("/tmp/pwned", 1); Shop "quoted" $(title)',
        STORE_ADMIN_USER: 'admin',
        STORE_ADMIN_EMAIL: 'admin@example.com',
        STORE_COUNTRY: 'DE',
        STORE_CURRENCY: 'EUR',
        STORE_FLAT_RATE: '4.50", "x": "injected',
        STORE_PRODUCTS: JSON.stringify([
          { name: 'Mug', price: '12.50', sku: 'SF-MUG' },
          { name: 'Sticker "pack"', price: '4.00', sku: 'SF-STICKERS' },
        ]),
        WAIT_FOR_DATABASE_SECONDS: '10',
        WP_DOUBLE_LOG: '/tmp/wp-calls.jsonl',
        WP_DOUBLE_INSTALLED: installed ? '1' : '0',
      })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const result = await run(
      'podman',
      [
        'run',
        '--rm',
        ...podmanLimits,
        '--env-file',
        join(scratch, 'setup.env'),
        '-v',
        `${join(files, 'setup.sh')}:/scripts/setup.sh:ro`,
        '-v',
        `${resolve(__dirname, 'wpCliDouble/wp')}:/usr/local/bin/wp:ro`,
        image,
        'bash',
        '-c',
        'bash /scripts/setup.sh > /tmp/out 2>&1; code=$?; cat /tmp/out; echo "exit $code"; echo ---; cat /tmp/wp-calls.jsonl',
      ],
      { env },
    );
    const [output, calls] = result.stdout.split('\n---\n');
    return {
      output,
      calls: calls
        .trim()
        .split('\n')
        .map(line => JSON.parse(line) as string[]),
      secrets: Object.values(secrets),
    };
  }

  it('calls WP-CLI with no secret in any argument, no prompt, both ids of the shipping route, and the database updates (WP-CLI double)', async () => {
    const { output, calls, secrets } = await runSetup(false);
    expect(output).toMatch(/\[setup\] done: http:\/\/shop\.localhost\nexit 0$/);
    const flat = calls.map(c => c.join(' '));
    for (const secret of secrets) {
      expect(flat.filter(c => c.includes(secret))).toEqual([]);
    }
    const install = calls.find(c => c[0] === 'core' && c[1] === 'install')!;
    expect(install).toEqual([
      'core',
      'install',
      '--url=http://shop.localhost',
      '--title=Store',
      '--admin_user=admin',
      '--admin_email=admin@example.com',
      '--skip-email',
    ]);
    const setPassword = calls.find(
      c => c[0] === 'eval' && c[1].includes('wp_set_password'),
    );
    expect(setPassword?.[1]).toContain('getenv("STORE_ADMIN_PASSWORD")');
    // The person's title reaches WordPress through the environment, never as an argument.
    expect(
      flat.filter(c => c.includes('--exec') || c.includes('pwned')),
    ).toEqual([]);
    expect(calls).toContainEqual([
      'eval',
      'update_option("blogname", getenv("STORE_TITLE"));',
    ]);
    expect(flat).toContain('core update-db');
    expect(flat).toContain('wc update');
    // 3: never the positional update that fills every id of the route with the first argument.
    expect(
      calls.filter(c => c[1] === 'shipping_zone_method' && c[2] === 'update'),
    ).toEqual([]);
    const zone = calls.find(
      c => c[0] === 'eval' && c[1].includes('/wc/v3/shipping/zones/0/methods/'),
    );
    expect(zone?.[1]).toContain('$method->instance_id');
    expect(zone?.[1]).toContain('getenv("STORE_FLAT_RATE")');
    expect(flat.filter(c => c.includes('injected'))).toEqual([]);
    // The products, parsed from JSON by the image's PHP.
    expect(
      calls
        .filter(c => c[1] === 'product' && c[2] === 'create')
        .map(c => c.slice(3, 5)),
    ).toEqual([
      ['--name=Mug', '--regular_price=12.50'],
      ['--name=Sticker "pack"', '--regular_price=4.00'],
    ]);
  });

  it('on an upgrade (installed already) skips the install and still updates the database (WP-CLI double)', async () => {
    const { output, calls } = await runSetup(true);
    expect(output).toMatch(/exit 0$/);
    const flat = calls.map(c => c.join(' '));
    expect(flat.filter(c => c.startsWith('core install'))).toEqual([]);
    expect(flat).toContain('core update-db');
    expect(flat).toContain('wc update');
    expect(flat.filter(c => c.startsWith('wc product create'))).toEqual([]);
    // A warm-pool slot's hand-over rotates the Secret's password and upgrades the release: the
    // setup then sets the Secret's password in WordPress when it differs (WP-CLI `wp eval`,
    // the value read with getenv, never in an argument). Shown with the double only: the
    // check itself is WordPress's wp_check_password, which does not run here.
    const setPassword = calls.find(
      c => c[0] === 'eval' && c[1].includes('wp_set_password'),
    );
    expect(setPassword?.[1]).toContain(
      'wp_check_password(getenv("STORE_ADMIN_PASSWORD")',
    );
    expect(flat.some(c => c.includes('pw-Zq81-not-in-argv'))).toBe(false);
  });
});

describe("the chart's WordPress on the real node, from the stand-in image", () => {
  const release = `woo-standin-${process.pid % 100000}`;
  const namespace = `store-${release}`;
  const host = `${release}.localhost`;
  const kubectl = (...args: string[]) =>
    ok('kubectl', ['-n', namespace, ...args]);

  /** A request through Traefik on :80 with the store's Host, as a browser sends it. */
  function viaIngress(
    path: string,
  ): Promise<{ status: number; location?: string }> {
    return new Promise((done, fail) => {
      request(
        { host: '127.0.0.1', port: 80, path, headers: { Host: host } },
        res => {
          res.resume();
          done({ status: res.statusCode ?? 0, location: res.headers.location });
        },
      )
        .on('error', fail)
        .end();
    });
  }

  afterAll(async () => {
    await run('helm', ['uninstall', release, '-n', namespace, '--wait'], {
      env,
    });
    await run('kubectl', ['delete', 'namespace', namespace, '--wait=true'], {
      env,
      timeoutMs: 300_000,
    });
  });

  it('serves WordPress against the real MariaDB through the Ingress, with the installer closed, until the setup Job needs WP-CLI', async () => {
    await ok('bash', [
      resolve(simCluster.root, 'tools/sim-cluster/real-node/node.sh'),
      'import-image',
      image,
    ]);
    const chart = resolve(simCluster.storeChartsDir, 'woocommerce-store');
    const install = await run(
      'helm',
      [
        'install',
        release,
        chart,
        '-n',
        namespace,
        '--create-namespace',
        '-f',
        join(chart, 'values-realnode.yaml'),
        '--set',
        'wordpress.image.repository=localhost/storefleet/woocommerce-standin',
        '--set',
        'wordpress.image.tag=test',
        '--set',
        'setup.waitForDatabaseSeconds=10',
        // The check that the real image is on the node (not the stand-in's business).
        '--set',
        'requireImagesOnNode=',
        '--wait',
        '--timeout',
        '8m',
      ],
      { env, timeoutMs: 10 * 60_000 },
    );
    // Where it stops: the post-install setup Job runs WP-CLI, which the stand-in image lacks.
    expect(install.code).not.toBe(0);
    expect(install.stderr).toMatch(/post-install.*failed|BackoffLimitExceeded/);
    const setupLog = await kubectl('logs', `job/${release}-setup`);
    expect(setupLog).toMatch(/wp: command not found/);

    // Everything before it runs for real: MariaDB and WordPress Ready on the real node (its
    // readiness: PHP and the database; a WordPress page would redirect to the closed installer).
    for (const component of ['mariadb', 'wordpress']) {
      const pods = JSON.parse(
        await kubectl(
          'get',
          'pods',
          '-l',
          `app.kubernetes.io/name=${component}`,
          '-o',
          'json',
        ),
      ).items;
      expect(pods).toHaveLength(1);
      expect(pods[0].spec.nodeName).toBe('storefleet-real');
      expect(
        pods[0].status.conditions.find((c: any) => c.type === 'Ready').status,
      ).toBe('True');
    }
    // WordPress reached its database through the NetworkPolicies and found no tables yet: it
    // sends the visitor to its installer (a failed connection would be a 500 page)...
    const home = await viaIngress('/');
    expect(home.status).toBe(302);
    expect(home.location).toBe(`http://${host}/wp-admin/install.php`);
    // ...which nobody from outside can use to take the store.
    expect((await viaIngress('/wp-admin/install.php')).status).toBe(403);
    expect((await viaIngress('/wp-admin/setup-config.php')).status).toBe(403);
    // The CronJob that runs WordPress's scheduled work is there (its runs need WP-CLI too).
    expect(
      await kubectl('get', 'cronjob', `${release}-cron`, '-o', 'name'),
    ).toBe(`cronjob.batch/${release}-cron\n`);
  });
});
