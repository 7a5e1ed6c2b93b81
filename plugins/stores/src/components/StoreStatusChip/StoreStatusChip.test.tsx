import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { STORE_STATUSES } from '@storefleet/plugin-stores-common';
import { StoreStatusChip } from './StoreStatusChip';

describe('StoreStatusChip', () => {
  it.each(STORE_STATUSES)('labels %s', async status => {
    await renderInTestApp(<StoreStatusChip status={status} />);
    expect(
      screen.getByText(status[0].toUpperCase() + status.slice(1)),
    ).toBeInTheDocument();
  });

  it('shows the failure reason on hover', async () => {
    await renderInTestApp(
      <StoreStatusChip status="failed" reason="helm test: no order" />,
    );
    fireEvent.mouseOver(screen.getByText('Failed'));
    expect(await screen.findByText('helm test: no order')).toBeInTheDocument();
  });

  it('shows what drifted on hover of a degraded store', async () => {
    await renderInTestApp(
      <StoreStatusChip
        status="degraded"
        reason="drift: Deployment/shop-wordpress was deleted"
      />,
    );
    fireEvent.mouseOver(screen.getByText('Degraded'));
    expect(
      await screen.findByText('drift: Deployment/shop-wordpress was deleted'),
    ).toBeInTheDocument();
  });
});
