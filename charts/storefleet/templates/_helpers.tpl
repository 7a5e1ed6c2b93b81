{{/* Release-scoped name of a component, e.g. storefleet-backend. */}}
{{- define "storefleet.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Kubernetes recommended labels plus the Backstage kubernetes id. */}}
{{- define "storefleet.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: storefleet
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
backstage.io/kubernetes-id: storefleet
{{- end -}}

{{- define "storefleet.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "storefleet.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (printf "%s-provisioner" .Release.Name) -}}
{{- end -}}

{{- define "storefleet.databaseSecret" -}}
{{- .Values.database.existingSecret | default (printf "%s-postgresql" .Release.Name) -}}
{{- end -}}

{{- define "storefleet.host" -}}
{{- .Values.ingress.host | default (urlParse .Values.baseUrl).host -}}
{{- end -}}

{{- define "storefleet.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "storefleet.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* The ClusterRole of the store verbs, bound by the provisioner in store namespaces only. */}}
{{- define "storefleet.storeRole" -}}
{{- printf "%s-store" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* nodeSelector and tolerations of every pod of the chart (the pod spec's indentation is given). */}}
{{- define "storefleet.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
