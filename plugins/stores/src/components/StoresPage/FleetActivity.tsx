import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { FleetActivityLine } from '@storefleet/plugin-stores-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoresChanged } from '../../hooks/useStoresChanged';

const PAGE = 25;

/**
 * What happened across the stores the user may read, newest first — who created, deleted,
 * suspended what, and when — filtered by store, person and kind, with older pages on request.
 * The newest page refreshes when a store changes.
 */
export function FleetActivity() {
  const storesApi = useApi(storesApiRef);
  const changed = useStoresChanged();
  const [input, setInput] = useState({ store: '', actor: '', kind: '' });
  const [filters, setFilters] = useState(input);
  // Typed filters apply once the typing pauses, not at every key.
  useDebounce(() => setFilters(input), 400, [input]);
  const [older, setOlder] = useState<FleetActivityLine[]>([]);
  const [cursor, setCursor] = useState<number>();
  const first = useAsync(
    () => storesApi.listFleetActivity({ ...filters, limit: PAGE }),
    [storesApi, filters, changed],
  );
  useEffect(() => {
    setOlder([]);
    setCursor(first.value?.nextCursor);
  }, [first.value]);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<Error>();
  const loadOlder = async () => {
    setLoadingOlder(true);
    try {
      const page = await storesApi.listFleetActivity({
        ...filters,
        cursor,
        limit: PAGE,
      });
      setOlder(lines => [...lines, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setOlderError(e as Error);
    } finally {
      setLoadingOlder(false);
    }
  };
  const error = first.error ?? olderError;
  if (error) return <ResponseErrorPanel error={error} />;
  const columns: TableColumn<FleetActivityLine>[] = [
    { title: 'When', field: 'at', type: 'datetime' },
    {
      title: 'Store',
      render: l => (
        <EntityRefLink
          entityRef={{
            kind: 'resource',
            namespace: 'default',
            name: l.storeName,
          }}
          title={l.storeName}
        />
      ),
    },
    { title: 'Kind', field: 'kind' },
    { title: 'What happened', field: 'message' },
    { title: 'By', render: l => l.actor ?? '—' },
  ];
  const filter = (key: keyof typeof filters, label: string) => (
    <TextField
      id={`fleet-activity-${key}`}
      label={label}
      value={input[key]}
      onChange={e => setInput(f => ({ ...f, [key]: e.target.value.trim() }))}
      style={{ minWidth: 180 }}
    />
  );
  return (
    <>
      <div style={{ display: 'flex', gap: 16, marginBottom: 16 }}>
        {filter('store', 'Store name')}
        {filter('actor', 'By (e.g. user:default/alice)')}
        {filter('kind', 'Kind (e.g. delete-requested)')}
      </div>
      <Table<FleetActivityLine>
        title="Activity across stores"
        isLoading={first.loading && !first.value}
        columns={columns}
        data={[...(first.value?.items ?? []), ...older]}
        options={{ paging: false, search: false, padding: 'dense' }}
        emptyContent={<div style={{ padding: 16 }}>Nothing happened yet.</div>}
      />
      {cursor !== undefined && (
        <Button
          onClick={loadOlder}
          disabled={loadingOlder}
          style={{ marginTop: 8 }}
        >
          Older
        </Button>
      )}
    </>
  );
}
