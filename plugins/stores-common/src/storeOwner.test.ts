import { parseStoreOwner, storeDisplayNameSchema } from './storeOwner';

describe('parseStoreOwner', () => {
  it.each([
    ['group:default/team-a', 'group:default/team-a'],
    ['team-a', 'group:default/team-a'],
    ['User:default/Alice', 'user:default/alice'],
    ['group:platform/Team_B.1', 'group:platform/team_b.1'],
  ])('reads %s as %s', (ref, owner) => {
    expect(parseStoreOwner(ref)).toEqual({ owner });
  });

  it.each([
    [
      'component:default/shop',
      'Owner must be a user or a group, not a component',
    ],
    ['$(id)', "got '$(id)'"],
    ['group:default/a b', "got 'group:default/a b'"],
    ['', 'entity ref'],
    [`user:default/${'a'.repeat(300)}`, 'at most 255 characters, got 313'],
  ])('refuses case %#', (ref, words) => {
    const result = parseStoreOwner(ref);
    expect('problem' in result && result.problem).toContain(words);
  });
});

describe('storeDisplayNameSchema', () => {
  it('keeps ordinary names, unicode and punctuation included, trimmed', () => {
    expect(storeDisplayNameSchema.parse("  Bob's $hop — 店铺 🛒 ")).toBe(
      "Bob's $hop — 店铺 🛒",
    );
  });

  it.each([
    ['line\nbreak', 'control characters'],
    ['nul\u0000', 'control characters'],
    ['evil\u202Eexe.txt', 'bidirectional overrides'],
    ['   ', 'must not be blank'],
    ['x'.repeat(101), 'at most 100 characters'],
    ['--exec=phpinfo();', "must not start with '-'"],
    ['--- Summer Sale ---', "must not start with '-'"],
  ])('refuses case %#', (name, words) => {
    const result = storeDisplayNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain(words);
  });
});
