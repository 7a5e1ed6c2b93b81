import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { StoreActivity } from '@storefleet/plugin-stores-common';
import { LATEST_ACTIVITY_LINES, StoreActivityCard } from './StoreActivityCard';

const lines = (n: number): StoreActivity[] =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2026, 11, 3, 10, 0, i)).toISOString(),
    kind: 'step',
    message: `step ${i + 1}`,
  }));

function shownMessages() {
  return within(screen.getByRole('list', { name: 'Activity' }))
    .getAllByRole('listitem')
    .map(item => item.querySelector('.MuiListItemText-primary')?.textContent);
}

describe('StoreActivityCard', () => {
  it('shows the latest lines in time order and folds the earlier ones behind their count', async () => {
    await renderInTestApp(<StoreActivityCard items={lines(20)} />);
    const latest = shownMessages();
    expect(latest).toHaveLength(LATEST_ACTIVITY_LINES);
    expect(latest[0]).toBe(`step ${20 - LATEST_ACTIVITY_LINES + 1}`);
    expect(latest.at(-1)).toBe('step 20');

    fireEvent.click(
      screen.getByRole('button', {
        name: `Show ${20 - LATEST_ACTIVITY_LINES} earlier lines`,
      }),
    );
    expect(shownMessages()).toEqual(lines(20).map(l => l.message));
    fireEvent.click(screen.getByRole('button', { name: 'Hide earlier lines' }));
    expect(shownMessages()).toHaveLength(LATEST_ACTIVITY_LINES);
  });

  it('folds nothing while the activity is short', async () => {
    await renderInTestApp(<StoreActivityCard items={lines(3)} />);
    expect(shownMessages()).toEqual(['step 1', 'step 2', 'step 3']);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
