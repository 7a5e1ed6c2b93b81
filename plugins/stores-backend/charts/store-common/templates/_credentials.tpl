{{/*
The credentials Secret, for standalone use only: when no existingSecret is given, generate the credentials once and keep
them across upgrades (lookup returns the live Secret). Storefleet always passes existingSecret,
so no credential ever passes through Helm values.
`keys` names its entries.
*/}}
{{- define "store.credentialsSecret" -}}
{{- $root := .root }}
{{- if not $root.Values.existingSecret }}
{{- $name := include "store.secretName" $root }}
{{- $live := (lookup "v1" "Secret" $root.Release.Namespace $name) | default dict }}
{{- $data := (get $live "data") | default dict }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $name }}
  labels: {{- include "store.labels" (dict "root" $root "component" "credentials") | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{- range $key := .keys }}
  {{ $key }}: {{ get $data $key | default (randAlphaNum 32 | b64enc) }}
  {{- end }}
{{- end }}
{{- end -}}
