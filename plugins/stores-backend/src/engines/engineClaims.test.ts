import { StoreHandOver } from '@storefleet/plugin-stores-node';
import { medusaEngine, woocommerceEngine } from './builtinEngines';

/** Records the requests a claim makes and answers them as Medusa would (no store runs here). */
function medusaAnswering(answers: { status: number; body?: unknown }[]) {
  const calls: {
    url: string;
    headers?: Record<string, string>;
    body: unknown;
  }[] = [];
  const request: StoreHandOver['request'] = async (url, init) => {
    calls.push({ url, headers: init.headers, body: init.body });
    const answer = answers.shift() ?? { status: 500 };
    return { status: answer.status, body: answer.body };
  };
  return { calls, request };
}

describe('engine claim steps', () => {
  it('Medusa: signs in with the slot password, renames the store, then sets the new password through its admin API', async () => {
    const { calls, request } = medusaAnswering([
      { status: 200, body: { token: 'jwt-of-the-admin' } },
      { status: 200, body: { stores: [{ id: 'store_01' }] } },
      { status: 200, body: { store: { id: 'store_01' } } },
      { status: 200, body: { success: true } },
    ]);
    const detail = await medusaEngine.claim!.handOver!({
      origin: 'http://pool-medusa-ab12.localhost',
      previous: { 'admin-password': 'old-slot-password' },
      next: { 'admin-password': 'new-person-password' },
      title: 'Spring shop',
      request,
    });
    expect(detail).toBe(
      "store renamed and admin password changed through the store's admin API",
    );
    expect(calls).toEqual([
      {
        url: 'http://pool-medusa-ab12.localhost/auth/user/emailpass',
        headers: undefined,
        body: { email: 'admin@example.com', password: 'old-slot-password' },
      },
      {
        url: 'http://pool-medusa-ab12.localhost/admin/stores?fields=id',
        headers: { Authorization: 'Bearer jwt-of-the-admin' },
        body: undefined,
      },
      {
        url: 'http://pool-medusa-ab12.localhost/admin/stores/store_01',
        headers: { Authorization: 'Bearer jwt-of-the-admin' },
        body: { name: 'Spring shop' },
      },
      {
        url: 'http://pool-medusa-ab12.localhost/admin/storefleet/admin-password',
        headers: { Authorization: 'Bearer jwt-of-the-admin' },
        body: { password: 'new-person-password' },
      },
    ]);
    expect(medusaEngine.claim!.rotatedCredentialKeys).toContain(
      medusaEngine.adminLogin!.passwordKey,
    );
  });

  it('Medusa: a refused sign-in or change fails the hand-over with the HTTP status, no secret in it', async () => {
    for (const answers of [
      [{ status: 401, body: { message: 'Invalid email or password' } }],
      [{ status: 200, body: { token: 't' } }, { status: 404 }],
      [
        { status: 200, body: { token: 't' } },
        { status: 200, body: { stores: [{ id: 's' }] } },
        { status: 200 },
        { status: 404 },
      ],
    ]) {
      const { request } = medusaAnswering(answers);
      const failure = medusaEngine.claim!.handOver!({
        origin: 'http://slot.localhost',
        previous: { 'admin-password': 'old-slot-password' },
        next: { 'admin-password': 'new-person-password' },
        title: 'Shop',
        request,
      });
      await expect(failure).rejects.toThrow(/HTTP (401|404)/);
      await expect(failure).rejects.not.toThrow(/password-/);
    }
  });

  it("WooCommerce: rotates the admin password's key and leaves applying it to the chart's setup hook (not run here)", () => {
    expect(woocommerceEngine.claim).toEqual({
      rotatedCredentialKeys: [woocommerceEngine.adminLogin!.passwordKey],
    });
  });
});
