import request from 'supertest';

/**
 * A store's activity as (when, label) pairs: steps by their name ("helm upgrade --install"),
 * other lines by their kind ("ready"). Times are the backend's own timestamps.
 */
export async function timeline(server: any, auth: string, id: string) {
  const items = (
    await request(server)
      .get(`/api/stores/stores/${id}/activity`)
      .set('Authorization', auth)
  ).body.items as { at: string; kind: string; message: string }[];
  return items.map(a => ({
    at: Date.parse(a.at),
    label: a.kind === 'step' ? a.message.split(':')[0] : a.kind,
  }));
}

/** Adds the time before each activity line (from `since`) to `gaps`, by label. */
export function addGaps(
  gaps: Map<string, number>,
  lines: { at: number; label: string }[],
  since: number,
) {
  lines.reduce((previous, line) => {
    gaps.set(line.label, (gaps.get(line.label) ?? 0) + line.at - previous);
    return line.at;
  }, since);
}

export const describeGaps = (gaps: Map<string, number>, runs: number) =>
  [...gaps]
    .map(([label, ms]) => `${label} ${(ms / runs).toFixed(0)} ms`)
    .join(', ');
