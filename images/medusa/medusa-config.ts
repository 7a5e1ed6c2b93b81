import { defineConfig, loadEnv } from '@medusajs/framework/utils';

loadEnv(process.env.NODE_ENV || 'development', process.cwd());

// `medusa build` (in the image build) loads this file too, with no database or secrets around;
// only the commands that run the store need them.
const building = process.argv.slice(2).includes('build');

const required = (name: string) => {
  const value = process.env[name];
  if (!value && !building) throw new Error(`${name} must be set`);
  return value ?? '';
};

// With REDIS_URL the store uses Redis for events, cache and workflows (server and worker
// processes share state); without it, in-memory fallbacks (single process only).
const redisUrl = process.env.REDIS_URL;
const redisModules = redisUrl
  ? [
      { resolve: '@medusajs/medusa/cache-redis', options: { redisUrl } },
      { resolve: '@medusajs/medusa/event-bus-redis', options: { redisUrl } },
      {
        resolve: '@medusajs/medusa/workflow-engine-redis',
        options: { redis: { url: redisUrl } },
      },
    ]
  : [];

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: required('DATABASE_URL'),
    redisUrl,
    workerMode:
      (process.env.MEDUSA_WORKER_MODE as 'shared' | 'worker' | 'server') ||
      'shared',
    // Medusa makes its session cookie `Secure` under NODE_ENV=production; a browser drops such a
    // cookie over plain http (a local store URL), and the admin login loops. The chart sets
    // MEDUSA_COOKIE_SECURE=false only when the store's Ingress serves no TLS.
    cookieOptions: {
      secure: process.env.MEDUSA_COOKIE_SECURE !== 'false',
      sameSite: 'lax',
    },
    http: {
      storeCors: process.env.STORE_CORS || '',
      adminCors: process.env.ADMIN_CORS || '',
      authCors: process.env.AUTH_CORS || '',
      jwtSecret: required('JWT_SECRET'),
      cookieSecret: required('COOKIE_SECRET'),
    },
  },
  admin: {
    disable: process.env.DISABLE_MEDUSA_ADMIN === 'true',
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  modules: redisModules,
});
