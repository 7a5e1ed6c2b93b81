import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from '@medusajs/framework/http';
import { MedusaError, Modules } from '@medusajs/framework/utils';

/**
 * Sets the signed-in admin's own password (emailpass). Storefleet calls it when a pre-provisioned
 * store (a warm-pool slot) is handed to a person, so the password the slot was made with is never
 * the one the person gets. Medusa's own update route takes only reset-flow tokens, which are
 * delivered by a notification this store does not have; this route takes the admin's session.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<{ password?: unknown }>,
  res: MedusaResponse,
) {
  const password = req.body?.password;
  if (typeof password !== 'string' || password.length < 16) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'password must be a string of at least 16 characters',
    );
  }
  const users = req.scope.resolve(Modules.USER);
  const user = await users.retrieveUser(req.auth_context.actor_id);
  const auth = req.scope.resolve(Modules.AUTH);
  const { success, error } = await auth.updateProvider('emailpass', {
    entity_id: user.email,
    password,
  });
  if (!success) {
    throw new MedusaError(
      MedusaError.Types.UNAUTHORIZED,
      error || 'the password could not be changed',
    );
  }
  res.status(200).json({ success: true });
}
