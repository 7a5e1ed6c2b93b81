/* eslint-disable no-console */
import { verificationPassed, verifyStores } from './verify';

const usage = `Usage: STOREFLEET_TOKEN=<token> yarn stores:verify [--url URL] [--engines a,b] [--timeout-minutes N]

Creates one store per engine on a running Storefleet, waits until each is Ready (its order probe
placed a real order), prints the order id and the time it took, then deletes the stores.

  --url              the Backstage backend (default $STOREFLEET_URL or http://localhost:7007)
  --engines          engines to try (default woocommerce,medusa; a disabled one is skipped)
  --timeout-minutes  per store, for Ready and for the delete (default 20)

The token is read from STOREFLEET_TOKEN only (never an argument): a Backstage user token, or a
static external-access token allowed to create and delete stores.`;

function parse(argv: string[]) {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--help' || key === '-h') return undefined;
    if (!['--url', '--engines', '--timeout-minutes'].includes(key))
      throw new Error(`unknown argument ${key}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`${key} needs a value`);
    args[key.slice(2)] = value;
  }
  return args;
}

async function main() {
  const args = parse(process.argv.slice(2));
  if (!args) {
    console.log(usage);
    return 0;
  }
  const token = process.env.STOREFLEET_TOKEN;
  if (!token) throw new Error('STOREFLEET_TOKEN is not set');
  const minutes = Number(args['timeout-minutes'] ?? 20);
  if (!(minutes > 0))
    throw new Error('--timeout-minutes must be a positive number');
  const baseUrl =
    args.url ?? process.env.STOREFLEET_URL ?? 'http://localhost:7007';
  const engines = (args.engines ?? 'woocommerce,medusa')
    .split(',')
    .filter(Boolean);
  console.log(`Verifying ${baseUrl} with ${engines.join(', ')}`);
  const results = await verifyStores({
    baseUrl,
    token,
    engines,
    timeoutMs: minutes * 60_000,
    log: line => console.log(`  ${line}`),
  });
  console.log('\nengine       outcome      seconds  order');
  for (const r of results) {
    console.log(
      `${r.engine.padEnd(12)} ${r.outcome.padEnd(12)} ${String(
        r.seconds ?? '-',
      ).padStart(7)}  ${r.orderId ?? r.reason ?? '-'}`,
    );
  }
  const passed = verificationPassed(results);
  console.log(passed ? '\nStorefleet verified.' : '\nStorefleet NOT verified.');
  return passed ? 0 : 1;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(
      `stores:verify: ${
        error instanceof Error ? error.message : error
      }\n\n${usage}`,
    );
    process.exit(2);
  },
);
