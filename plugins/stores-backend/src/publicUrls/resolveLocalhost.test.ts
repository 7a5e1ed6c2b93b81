import { isLocalhostName, lookupWithLocalhost } from './resolveLocalhost';

const lookup = (host: string, options: object) =>
  new Promise<unknown[]>((resolve, reject) =>
    lookupWithLocalhost(host, options, (error, ...rest) =>
      error ? reject(error) : resolve(rest),
    ),
  );

describe('lookupWithLocalhost', () => {
  it('knows localhost and every name under it, and nothing else', () => {
    expect(isLocalhostName('localhost')).toBe(true);
    expect(isLocalhostName('shop.localhost')).toBe(true);
    expect(isLocalhostName('a.b.LOCALHOST.')).toBe(true);
    expect(isLocalhostName('localhost.example.com')).toBe(false);
    expect(isLocalhostName('mylocalhost')).toBe(false);
  });

  it('answers *.localhost with the loopback address, in both forms Node asks for', async () => {
    await expect(lookup('shop.localhost', {})).resolves.toEqual([
      '127.0.0.1',
      4,
    ]);
    await expect(lookup('shop.localhost', { family: 6 })).resolves.toEqual([
      '::1',
      6,
    ]);
    await expect(lookup('shop.localhost', { all: true })).resolves.toEqual([
      [{ address: '127.0.0.1', family: 4 }],
    ]);
  });

  it('leaves other names to the system resolver', async () => {
    await expect(lookup('127.0.0.1', {})).resolves.toEqual(['127.0.0.1', 4]);
    await expect(lookup('no-such-host.invalid', {})).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});
