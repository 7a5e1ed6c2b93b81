/**
 * Every name a chart refers to resolves in what it renders: an Ingress path reaches a Service
 * that exists, on a port it has, whose selector picks pods that serve that port; a Secret key
 * exists in the Secret the chart would make; an env `$(VAR)` is defined before it is used; and
 * the NetworkPolicies let the ingress controller reach what the Ingress routes to (and
 * cert-manager's HTTP-01 solver). A copy-paste Ingress once routed to a Service that did not
 * exist; this is the test that would have caught it.
 */
import { charts, Manifest, renderChart } from './render';
import { containersOf, podLabelsOf, podSpecOf, workloads } from './workloads';

const matches = (
  selector: Record<string, string>,
  labels: Record<string, string> = {},
) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Whether a label selector (matchLabels and In/Exists expressions) picks these labels. */
function selectorMatches(selector: any, labels: Record<string, string> = {}) {
  const expression = (e: any) => {
    if (e.operator === 'In') return e.values.includes(labels[e.key]);
    if (e.operator === 'Exists') return e.key in labels;
    return true;
  };
  return (
    matches(selector.matchLabels ?? {}, labels) &&
    (selector.matchExpressions ?? []).every(expression)
  );
}

/** The pods a Service selects, with the container ports they declare. */
function podsOf(manifests: Manifest[], service: Manifest) {
  return workloads(manifests).filter(w =>
    matches(service.spec.selector, podLabelsOf(w)),
  );
}

const podLabels = podLabelsOf;

describe.each(charts)('$name references', chart => {
  describe.each(chart.valuesFiles)('with %s', valuesFile => {
    let manifests: Manifest[];
    let generatedKeys: string[];
    beforeAll(async () => {
      manifests = await renderChart(chart.dir, valuesFile);
      // The Secret the chart makes itself when the platform provides none has every key.
      const standalone = await renderChart(chart.dir, valuesFile, [
        '--set',
        'existingSecret=',
      ]);
      const secret = standalone.find(m => m.kind === 'Secret');
      generatedKeys = Object.keys(secret?.data ?? {});
    });

    const services = () => manifests.filter(m => m.kind === 'Service');
    const ingressBackends = () =>
      manifests
        .filter(m => m.kind === 'Ingress')
        .flatMap(i =>
          i.spec.rules.flatMap((r: any) =>
            r.http.paths.map((p: any) => ({
              path: p.path as string,
              service: p.backend.service.name as string,
              port: p.backend.service.port.name as string,
            })),
          ),
        );

    it('routes every Ingress path to a Service that exists, on a named port it has, served by a container', () => {
      const backends = ingressBackends();
      expect(backends.length).toBeGreaterThan(0);
      expect(backends.map(b => b.path)).toContain('/');
      for (const backend of backends) {
        const service = services().find(
          s => s.metadata.name === backend.service,
        );
        expect({ ...backend, exists: !!service }).toEqual({
          ...backend,
          exists: true,
        });
        const port = service!.spec.ports.find(
          (p: any) => p.name === backend.port,
        );
        expect({ ...backend, port: !!port }).toEqual({
          ...backend,
          port: true,
        });
        const pods = podsOf(manifests, service!);
        expect({ ...backend, pods: pods.length }).not.toEqual({
          ...backend,
          pods: 0,
        });
        for (const pod of pods) {
          const served = podSpecOf(pod).containers.some((c: any) =>
            (c.ports ?? []).some(
              (p: any) =>
                p.name === port.targetPort ||
                p.containerPort === port.targetPort,
            ),
          );
          expect({ ...backend, workload: pod.metadata.name, served }).toEqual({
            ...backend,
            workload: pod.metadata.name,
            served: true,
          });
        }
      }
    });

    it('gives every Service pods that serve its target ports', () => {
      for (const service of services()) {
        const pods = podsOf(manifests, service);
        expect({
          service: service.metadata.name,
          pods: pods.length,
        }).not.toEqual({ service: service.metadata.name, pods: 0 });
      }
    });

    it('reads only Secret keys the Secret has, and only from the store Secret', () => {
      for (const { workload, c } of workloads(manifests).flatMap(
        containersOf,
      )) {
        for (const env of c.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (!ref) continue;
          expect({ workload, env: env.name, secret: ref.name }).toEqual({
            workload,
            env: env.name,
            secret: 'store-credentials',
          });
          expect({
            workload,
            env: env.name,
            key: generatedKeys.includes(ref.key),
          }).toEqual({ workload, env: env.name, key: true });
        }
      }
    });

    it('defines every $(VAR) an env value uses before it is used', () => {
      for (const { workload, c } of workloads(manifests).flatMap(
        containersOf,
      )) {
        const defined = new Set<string>();
        for (const env of c.env ?? []) {
          for (const [, name] of String(env.value ?? '').matchAll(
            /\$\(([A-Z_][A-Z0-9_]*)\)/g,
          )) {
            expect({
              workload,
              env: env.name,
              uses: name,
              defined: defined.has(name),
            }).toEqual({ workload, env: env.name, uses: name, defined: true });
          }
          defined.add(env.name);
        }
      }
    });

    it('mounts only ConfigMaps the chart renders', () => {
      const configMaps = manifests
        .filter(m => m.kind === 'ConfigMap')
        .map(m => m.metadata.name);
      for (const w of workloads(manifests)) {
        for (const volume of podSpecOf(w).volumes ?? []) {
          if (!volume.configMap) continue;
          expect(configMaps).toContain(volume.configMap.name);
        }
      }
    });

    it('lets the ingress controller reach every pod the Ingress routes to, on its port', () => {
      const ingressPolicies = manifests.filter(
        m => m.kind === 'NetworkPolicy' && m.spec.ingress,
      );
      const controller = (peer: any) =>
        !!peer.namespaceSelector || !!peer.ipBlock;
      for (const backend of ingressBackends()) {
        const service = services().find(
          s => s.metadata.name === backend.service,
        )!;
        const port = service.spec.ports.find(
          (p: any) => p.name === backend.port,
        );
        for (const pod of podsOf(manifests, service)) {
          const containerPort = podSpecOf(pod)
            .containers.flatMap((c: any) => c.ports ?? [])
            .find(
              (p: any) =>
                p.name === port.targetPort ||
                p.containerPort === port.targetPort,
            ).containerPort;
          const admitted = ingressPolicies.some(
            p =>
              selectorMatches(p.spec.podSelector, podLabels(pod)) &&
              p.spec.ingress.some(
                (rule: any) =>
                  (rule.from ?? []).some(controller) &&
                  (rule.ports ?? []).some(
                    (rp: any) => rp.port === containerPort,
                  ),
              ),
          );
          expect({ ...backend, containerPort, admitted }).toEqual({
            ...backend,
            containerPort,
            admitted: true,
          });
        }
      }
    });

    it("admits cert-manager's HTTP-01 solver from the ingress controller, so a certificate can be issued", () => {
      const solver = { 'acme.cert-manager.io/http01-solver': 'true' };
      const admitted = manifests
        .filter(m => m.kind === 'NetworkPolicy' && m.spec.ingress)
        .some(
          p =>
            selectorMatches(p.spec.podSelector, solver) &&
            p.spec.ingress.some(
              (rule: any) =>
                (rule.from ?? []).some((peer: any) => peer.namespaceSelector) &&
                (rule.ports ?? []).some((rp: any) => rp.port === 8089),
            ),
        );
      expect(admitted).toBe(true);
    });
  });
});
