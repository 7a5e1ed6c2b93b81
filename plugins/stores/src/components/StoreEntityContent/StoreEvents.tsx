import { Table, TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { StoreEvent } from '@storefleet/plugin-stores-common';
import { useState } from 'react';

const columns: TableColumn<StoreEvent>[] = [
  { title: 'When', field: 'at', type: 'datetime' },
  { title: 'Type', field: 'type' },
  { title: 'Object', field: 'object' },
  { title: 'Reason', field: 'reason' },
  { title: 'Message', field: 'message' },
];

const newestFirst = (a: StoreEvent, b: StoreEvent) => b.at.localeCompare(a.at);

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The store namespace's Kubernetes events so that what matters reads first: warnings, newest
 * first; the Normal events (scheduled, pulled, created, started — some forty for a healthy new
 * store) folded behind their count.
 */
export function StoreEvents(props: { items: StoreEvent[]; error?: string }) {
  const [showNormal, setShowNormal] = useState(false);
  const warnings = props.items
    .filter(e => e.type !== 'Normal')
    .sort(newestFirst);
  const normal = props.items.filter(e => e.type === 'Normal').sort(newestFirst);
  const shown = showNormal ? [...warnings, ...normal] : warnings;
  let empty = 'No recent events.';
  if (props.error)
    empty = `The events cannot be read right now: ${props.error}`;
  else if (normal.length) empty = 'No warnings.';
  return (
    <>
      <Table<StoreEvent>
        title="Kubernetes events"
        subtitle={`${plural(warnings.length, 'warning')} · ${plural(
          normal.length,
          'normal event',
        )}`}
        columns={columns}
        data={shown}
        options={{ paging: false, search: false, padding: 'dense' }}
        emptyContent={<div style={{ padding: 16 }}>{empty}</div>}
      />
      {normal.length > 0 && (
        <Button size="small" onClick={() => setShowNormal(!showNormal)}>
          {showNormal
            ? 'Hide normal events'
            : `Show ${plural(normal.length, 'normal event')}`}
        </Button>
      )}
    </>
  );
}
