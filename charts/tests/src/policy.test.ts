import { charts, Manifest, renderChart } from './render';
import { containersOf, mainContainersOf, workloads } from './workloads';

describe.each(charts)('$name rendered manifests', chart => {
  describe.each(chart.valuesFiles)('with %s', valuesFile => {
    let manifests: Manifest[];
    beforeAll(async () => {
      manifests = await renderChart(chart.dir, valuesFile);
    });

    it('gives every container requests and limits for cpu and memory', () => {
      const all = workloads(manifests).flatMap(containersOf);
      expect(all.length).toBeGreaterThanOrEqual(4);
      for (const { workload, c } of all) {
        expect({
          workload,
          cpu: c.resources?.limits?.cpu,
          memory: c.resources?.limits?.memory,
        }).toEqual({
          workload,
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        expect({
          workload,
          requests: Object.keys(c.resources?.requests ?? {}).sort(),
        }).toEqual({ workload, requests: ['cpu', 'memory'] });
      }
    });

    it('runs every pod non-root with RuntimeDefault seccomp, and no container privileged or escalating', () => {
      for (const { workload, pod, c } of workloads(manifests).flatMap(
        containersOf,
      )) {
        const ctx = { ...pod.securityContext, ...c.securityContext };
        expect({
          workload,
          runAsNonRoot: ctx.runAsNonRoot,
          uid0: ctx.runAsUser === 0,
        }).toEqual({ workload, runAsNonRoot: true, uid0: false });
        expect({ workload, seccomp: ctx.seccompProfile?.type }).toEqual({
          workload,
          seccomp: 'RuntimeDefault',
        });
        expect({
          workload,
          privileged: c.securityContext?.privileged ?? false,
        }).toEqual({ workload, privileged: false });
        expect({
          workload,
          escalation: c.securityContext?.allowPrivilegeEscalation,
        }).toEqual({ workload, escalation: false });
        expect({
          workload,
          drop: c.securityContext?.capabilities?.drop,
        }).toEqual({ workload, drop: ['ALL'] });
        expect({
          workload,
          hostNetwork: pod.hostNetwork ?? false,
          hostPID: pod.hostPID ?? false,
        }).toEqual({ workload, hostNetwork: false, hostPID: false });
      }
    });

    it('pins every image to a tag that is not latest', () => {
      for (const { workload, c } of workloads(manifests).flatMap(
        containersOf,
      )) {
        expect({ workload, image: c.image }).toEqual({
          workload,
          image: expect.stringMatching(/:[\w.-]+$/),
        });
        expect(c.image).not.toMatch(/:latest$/);
      }
    });

    it('probes every long-running container (startup, readiness, liveness)', () => {
      const longRunning = manifests
        .filter(m => ['Deployment', 'StatefulSet'].includes(m.kind))
        .flatMap(mainContainersOf);
      expect(longRunning.length).toBeGreaterThanOrEqual(2);
      for (const { workload, c } of longRunning) {
        expect({
          workload,
          probes: [!!c.startupProbe, !!c.readinessProbe, !!c.livenessProbe],
        }).toEqual({ workload, probes: [true, true, true] });
      }
    });

    it('denies all traffic by default and allows only named paths', () => {
      const policies = manifests.filter(m => m.kind === 'NetworkPolicy');
      const defaultDeny = policies.find(
        p =>
          Object.keys(p.spec.podSelector).length === 0 &&
          !p.spec.ingress &&
          !p.spec.egress &&
          p.spec.policyTypes.includes('Ingress') &&
          p.spec.policyTypes.includes('Egress'),
      );
      expect(defaultDeny).toBeDefined();
      for (const p of policies.filter(x => x !== defaultDeny)) {
        for (const rule of [
          ...(p.spec.ingress ?? []),
          ...(p.spec.egress ?? []),
        ]) {
          expect({
            policy: p.metadata.name,
            ports: rule.ports?.length ?? 0,
          }).not.toEqual({ policy: p.metadata.name, ports: 0 });
          expect({
            policy: p.metadata.name,
            peers: (rule.from ?? rule.to ?? []).length,
          }).not.toEqual({ policy: p.metadata.name, peers: 0 });
        }
      }
    });

    it('caps PVC size with a LimitRange and the namespace with a ResourceQuota', () => {
      const limitRange = manifests.find(m => m.kind === 'LimitRange');
      const pvcLimit = limitRange?.spec.limits.find(
        (l: any) => l.type === 'PersistentVolumeClaim',
      );
      expect(pvcLimit?.max?.storage).toMatch(/^\d+Gi$/);
      const quota = manifests.find(m => m.kind === 'ResourceQuota');
      expect(Object.keys(quota?.spec.hard ?? {})).toEqual(
        expect.arrayContaining(['limits.memory', 'requests.storage', 'pods']),
      );
    });

    it("caps every container with a LimitRange max its own containers fit under, and counts the namespace's objects", () => {
      const limitRange = manifests.find(m => m.kind === 'LimitRange');
      const max = limitRange?.spec.limits.find(
        (l: any) => l.type === 'Container',
      )?.max;
      expect(max).toEqual({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
      for (const { workload, c } of workloads(manifests).flatMap(
        containersOf,
      )) {
        const limits = c.resources?.limits ?? {};
        expect({
          workload,
          cpu: quantity(limits.cpu) <= quantity(max.cpu),
          memory: quantity(limits.memory) <= quantity(max.memory),
        }).toEqual({ workload, cpu: true, memory: true });
      }
      const hard = manifests.find(m => m.kind === 'ResourceQuota')?.spec.hard;
      expect(hard).toMatchObject({
        'services.nodeports': '0',
        'services.loadbalancers': '0',
      });
      // The chart's own objects fit in the counts it sets.
      for (const [kind, key] of [
        ['Service', 'services'],
        ['Secret', 'secrets'],
        ['ConfigMap', 'configmaps'],
      ]) {
        const rendered = manifests.filter(m => m.kind === kind).length;
        expect({ key, fits: rendered < Number(hard[key]) }).toEqual({
          key,
          fits: true,
        });
      }
    });

    it('carries the recommended labels and the Backstage kubernetes id on every object', () => {
      for (const m of manifests) {
        expect({
          object: `${m.kind}/${m.metadata.name}`,
          labels: m.metadata.labels,
        }).toEqual({
          object: `${m.kind}/${m.metadata.name}`,
          labels: expect.objectContaining({
            'app.kubernetes.io/name': expect.any(String),
            'app.kubernetes.io/instance': 'store',
            'app.kubernetes.io/managed-by': 'Helm',
            'backstage.io/kubernetes-id': 'store',
          }),
        });
      }
    });

    it('renders no Secret and no credential literal when the platform provides the Secret', () => {
      expect(manifests.filter(m => m.kind === 'Secret')).toEqual([]);
      // A credential-named variable either comes from the Secret or is built from one that
      // does (e.g. `pk_$(PUBLISHABLE_KEY_SUFFIX)`); never a literal.
      for (const { workload, c } of workloads(manifests).flatMap(
        containersOf,
      )) {
        const fromSecret = new Set(
          (c.env ?? [])
            .filter((e: any) => e.valueFrom?.secretKeyRef)
            .map((e: any) => e.name),
        );
        for (const env of c.env ?? []) {
          if (!/(PASSWORD|SECRET|SALT|KEY)/.test(env.name) || !('value' in env))
            continue;
          const refs = [...String(env.value).matchAll(/\$\(([A-Z0-9_]+)\)/g)];
          expect({
            workload,
            env: env.name,
            fromSecret: refs.some(([, name]) => fromSecret.has(name)),
          }).toEqual({ workload, env: env.name, fromSecret: true });
        }
      }
      const secretRefs = workloads(manifests)
        .flatMap(containersOf)
        .flatMap(({ c }) =>
          (c.env ?? [])
            .filter((e: any) => e.valueFrom?.secretKeyRef)
            .map((e: any) => e.valueFrom.secretKeyRef.name),
        );
      expect(new Set(secretRefs)).toEqual(new Set(['store-credentials']));
    });
  });
});

/** A CPU or memory quantity in base units (cores, bytes). */
function quantity(q: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(q));
  if (!m) throw new Error(`not a quantity: ${q}`);
  const unit =
    { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}
