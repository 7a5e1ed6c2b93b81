import { HelmError } from './HelmClient';

describe('HelmError', () => {
  it('says what helm said, with the command and exit code', () => {
    expect(
      new HelmError('upgrade', 1, 'Error: UPGRADE FAILED: timed out waiting\n')
        .message,
    ).toBe(
      'helm upgrade failed (exit 1): Error: UPGRADE FAILED: timed out waiting',
    );
  });

  it("gives a chart's own refusal in its words, without helm's wrapping", () => {
    const stderr =
      'Error: execution error at (woocommerce-store/templates/wordpress-deployment.yaml:1:4): WooCommerce cannot run on node n: its image x is not there.';
    expect(new HelmError('upgrade', 1, stderr).message).toBe(
      'the chart refused to install: WooCommerce cannot run on node n: its image x is not there.',
    );
  });
});
