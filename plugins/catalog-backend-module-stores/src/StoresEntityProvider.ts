import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  isStoresApiError,
  Store,
  StoresApi,
} from '@storefleet/plugin-stores-common';
import { storeToEntity } from './storeToEntity';

const PAGE_SIZE = 200;

/**
 * One catalog entity per live store, read from the stores API: a full mutation on a schedule,
 * and a delta mutation as soon as the stores plugin announces a change.
 */
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
    const connection = this.connected();
    const token = await this.token();
    const stores: Store[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.options.client.listStores(
        { limit: PAGE_SIZE, offset },
        { token },
      );
      stores.push(...page.items);
      if (offset + PAGE_SIZE >= page.totalCount) break;
    }
    await connection.applyMutation({
      type: 'full',
      entities: stores.map(store => this.deferred(store)),
    });
    this.options.logger.debug(`Synced ${stores.length} store entities`);
  }

  /** Delta mutation for one store: added or updated while it lives, removed once deleted. */
  async refreshStore(storeId: string): Promise<void> {
    const connection = this.connected();
    let store: Store;
    try {
      store = await this.options.client.getStore(storeId, {
        token: await this.token(),
      });
    } catch (error) {
      if (isStoresApiError(error) && error.status === 404) return;
      throw error;
    }
    const entity = this.deferred(store);
    await connection.applyMutation(
      store.status === 'deleted'
        ? { type: 'delta', added: [], removed: [entity] }
        : { type: 'delta', added: [entity], removed: [] },
    );
  }

  private deferred(store: Store) {
    return {
      entity: storeToEntity(store, this.getProviderName()),
      locationKey: `stores-provider:${this.getProviderName()}`,
    };
  }

  private connected(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error('StoresEntityProvider is not connected yet');
    }
    return this.connection;
  }

  private async token(): Promise<string> {
    const { auth } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'stores',
    });
    return token;
  }
}
