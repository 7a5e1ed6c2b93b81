{{/* Release-scoped name of a component, e.g. shop-wordpress. */}}
{{- define "store.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Kubernetes recommended labels plus the Backstage kubernetes id. */}}
{{- define "store.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
backstage.io/kubernetes-id: {{ .root.Values.backstageId | default .root.Release.Name }}
{{- end -}}

{{/*
Labels of a StatefulSet's volumeClaimTemplates: only those that never change over a release's
life. Kubernetes forbids changing volumeClaimTemplates, so a label there that follows the chart
version or the store's Backstage name (a warm-pool slot handed to a person is renamed) would
make every such upgrade fail.
*/}}
{{- define "store.volumeLabels" -}}
{{ include "store.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{- define "store.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The Secret holding every credential: the platform's, or the one this chart generates. */}}
{{- define "store.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-credentials" .Release.Name) -}}
{{- end -}}

{{- define "store.host" -}}
{{- .Values.ingress.host | default (printf "%s.%s" .Release.Name .Values.ingress.baseDomain) -}}
{{- end -}}

{{- define "store.url" -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) (include "store.host" .) -}}
{{- end -}}

{{/* Node placement of a pod: the component's own scheduling block when set, else the chart-wide one. */}}
{{/*
Replicas of a workload: zero while the store is suspended (`suspended: true`, set by
Storefleet), so its pods release their requests; volumes and Secrets stay.
*/}}
{{- define "store.replicas" -}}
{{- if .root.Values.suspended }}0{{ else }}{{ .replicas }}{{ end }}
{{- end }}

{{- define "store.scheduling" -}}
{{- $s := .own | default .root.Values.scheduling -}}
{{- $out := dict -}}
{{- with $s.nodeSelector }}{{ $_ := set $out "nodeSelector" . }}{{ end -}}
{{- with $s.tolerations }}{{ $_ := set $out "tolerations" . }}{{ end -}}
{{- if $out }}{{ toYaml $out }}{{ end -}}
{{- end -}}

{{- define "store.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}
