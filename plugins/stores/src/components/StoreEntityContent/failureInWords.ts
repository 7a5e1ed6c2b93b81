/**
 * Turns a failure reason recorded by the lifecycle into a sentence a store owner can act on;
 * the technical reason is still shown under it.
 */
export function failureInWords(reason?: string): string {
  if (!reason)
    return 'The store failed without a recorded reason; retry, and ask the platform team if it fails again.';
  if (reason.startsWith('drift:'))
    return 'Someone changed the store in the cluster by hand; Retry puts it back as the platform built it.';
  if (/exceeded quota/.test(reason))
    return 'The store needs more CPU, memory or storage than its namespace quota allows.';
  if (/timed out|deadline exceeded/.test(reason))
    return 'The store did not become ready in time; a part of it never started.';
  if (reason.startsWith('helm test'))
    return 'The store started, but the automated test order could not be placed.';
  if (/forbidden|PodSecurity/i.test(reason))
    return 'The cluster refused part of the store for security reasons.';
  if (reason.startsWith('namespace') || reason.startsWith('credentials'))
    return 'The cluster could not prepare the store\u2019s namespace.';
  return 'Provisioning failed; the technical reason is below.';
}
