import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { StoresApi } from '@storefleet/plugin-stores-common';
import { storeToEntity } from './storeToEntity';

const PAGE_SIZE = 200;

/** Provides one catalog entity per live store, read from the stores API. */
export class StoresEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      client: StoresApi;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  getProviderName(): string {
    return 'stores';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Full mutation: the catalog ends up with exactly the live stores. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error('StoresEntityProvider is not connected yet');
    }
    const { auth, client, logger } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'stores',
    });
    const stores = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await client.listStores(
        { limit: PAGE_SIZE, offset },
        { token },
      );
      stores.push(...page.items);
      if (offset + PAGE_SIZE >= page.totalCount) break;
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: stores.map(store => ({
        entity: storeToEntity(store, this.getProviderName()),
        locationKey: `stores-provider:${this.getProviderName()}`,
      })),
    });
    logger.info(`Synced ${stores.length} store entities`);
  }
}
