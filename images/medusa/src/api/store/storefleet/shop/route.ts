import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import { Modules } from '@medusajs/framework/utils';

/**
 * The shop's name as the store's admin has it, for the shop front's header and page title.
 * Read here rather than from the shop front's environment, so a new name (a warm-pool slot
 * handed to a person is renamed through the admin API) shows at once, with no pod restarted.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const stores = await req.scope
    .resolve(Modules.STORE)
    .listStores({}, { select: ['name'], take: 1 });
  res.json({ name: stores[0]?.name ?? '' });
}
