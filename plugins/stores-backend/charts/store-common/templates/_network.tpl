{{/*
Where the ingress controller's traffic comes from: its namespace (a controller running in a
pod) and, for a controller on the host, the given CIDRs.
*/}}
{{- define "store.ingressControllerPeers" -}}
- namespaceSelector:
    matchLabels: {{- toYaml .Values.networkPolicy.ingressControllerNamespaceSelector | nindent 6 }}
{{- range .Values.networkPolicy.ingressControllerIPBlocks }}
- ipBlock: { cidr: {{ . | quote }} }
{{- end }}
{{- end -}}

{{/*
cert-manager's HTTP-01 solver runs as a pod in the store's namespace (label
acme.cert-manager.io/http01-solver) and answers the ACME challenge on port 8089 through the
ingress controller; without this the default-deny policy keeps the certificate from being issued.
*/}}
{{- define "store.acmeSolverPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .Release.Name }}-allow-acme-solver
  labels: {{- include "store.labels" (dict "root" . "component" "network") | nindent 4 }}
spec:
  podSelector:
    matchLabels: { acme.cert-manager.io/http01-solver: "true" }
  policyTypes: [Ingress]
  ingress:
    - from: {{- include "store.ingressControllerPeers" . | nindent 8 }}
      ports:
        - { protocol: TCP, port: 8089 }
{{- end -}}

{{/*
The first two policies of every store: deny everything in and out of the namespace's pods (the
store's own policies then allow only what it needs), and allow name lookups.
*/}}
{{- define "store.baseNetworkPolicies" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .Release.Name }}-default-deny
  labels: {{- include "store.labels" (dict "root" . "component" "network") | nindent 4 }}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .Release.Name }}-allow-dns
  labels: {{- include "store.labels" (dict "root" . "component" "network") | nindent 4 }}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: kube-system }
        {{- range .Values.networkPolicy.dnsIPBlocks }}
        - ipBlock: { cidr: {{ . | quote }} }
        {{- end }}
      ports:
        - { protocol: UDP, port: 53 }
        - { protocol: TCP, port: 53 }
{{- end -}}

{{/*
The egress door the platform opens (values networkPolicy.egressAllowed, from Storefleet's
stores.egress.allowed): payment gateways, shipping-rate APIs, mail servers. `apps` names the
application pods that may use it; the database never does. Renders nothing while it is closed.
*/}}
{{- define "store.egressDoorPolicy" -}}
{{- $root := .root }}
{{- with $root.Values.networkPolicy.egressAllowed }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $root.Release.Name }}-allow-egress
  labels: {{- include "store.labels" (dict "root" $root "component" "network") | nindent 4 }}
spec:
  podSelector:
    matchExpressions:
      - key: app.kubernetes.io/name
        operator: In
        values: [{{ join ", " $.apps }}]
      - key: app.kubernetes.io/instance
        operator: In
        values: [{{ $root.Release.Name }}]
  policyTypes: [Egress]
  egress:
    {{- range . }}
    - to:
        - ipBlock:
            cidr: {{ .cidr | quote }}
      {{- with .ports }}
      ports:
        {{- range . }}
        - protocol: TCP
          port: {{ . }}
        {{- end }}
      {{- end }}
    {{- end }}
{{- end }}
{{- end -}}
