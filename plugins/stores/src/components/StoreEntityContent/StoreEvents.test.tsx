import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { StoreEvent } from '@storefleet/plugin-stores-common';
import { StoreEvents } from './StoreEvents';

const at = (second: number) =>
  `2026-12-03T10:00:${String(second).padStart(2, '0')}Z`;

/** What a healthy new Medusa store's namespace holds: many Normal events, a few Warnings among them. */
function aNewStoresEvents(): StoreEvent[] {
  const events: StoreEvent[] = [];
  for (let i = 0; i < 40; i++) {
    events.push({
      at: at(i),
      type: 'Normal',
      object: `Pod/shop-server-${i}`,
      reason: ['Scheduled', 'Pulled', 'Created', 'Started'][i % 4],
      message: `normal event ${i}`,
    });
  }
  events.splice(5, 0, {
    at: at(5),
    type: 'Warning',
    object: 'Pod/shop-postgres-0',
    reason: 'FailedScheduling',
    message: 'pod has unbound immediate PersistentVolumeClaims',
  });
  events.splice(30, 0, {
    at: at(29),
    type: 'Warning',
    object: 'Pod/shop-server-0',
    reason: 'Unhealthy',
    message: 'Startup probe failed: connection refused',
  });
  return events;
}

function messagesInTable() {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell').at(-1)?.textContent);
}

describe('StoreEvents', () => {
  it('lists warnings first, newest first, and folds the normal events behind their count', async () => {
    await renderInTestApp(<StoreEvents items={aNewStoresEvents()} />);
    expect(
      screen.getByText('2 warnings · 40 normal events'),
    ).toBeInTheDocument();
    expect(messagesInTable()).toEqual([
      'Startup probe failed: connection refused',
      'pod has unbound immediate PersistentVolumeClaims',
    ]);
    expect(screen.queryByText('normal event 0')).toBeNull();

    fireEvent.click(
      screen.getByRole('button', { name: 'Show 40 normal events' }),
    );
    const shown = messagesInTable();
    expect(shown).toHaveLength(42);
    expect(shown.slice(0, 3)).toEqual([
      'Startup probe failed: connection refused',
      'pod has unbound immediate PersistentVolumeClaims',
      'normal event 39',
    ]);
    expect(shown.at(-1)).toBe('normal event 0');

    fireEvent.click(screen.getByRole('button', { name: 'Hide normal events' }));
    expect(messagesInTable()).toHaveLength(2);
  });

  it('says there are no warnings when every event is normal', async () => {
    const normalOnly = aNewStoresEvents().filter(e => e.type === 'Normal');
    await renderInTestApp(<StoreEvents items={normalOnly.slice(0, 1)} />);
    expect(screen.getByText('No warnings.')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Show 1 normal event' }),
    ).toBeInTheDocument();
  });

  it('says why the events cannot be read, and offers nothing to unfold', async () => {
    await renderInTestApp(
      <StoreEvents items={[]} error="the cluster cannot be reached" />,
    );
    expect(
      screen.getByText(
        'The events cannot be read right now: the cluster cannot be reached',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /normal event/ })).toBeNull();
  });
});
