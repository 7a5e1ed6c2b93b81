{{/*
The namespace's LimitRange and ResourceQuota (values limitRange and resourceQuota): defaults for
containers that set none, a ceiling no container or volume may pass, and the namespace's total.
*/}}
{{- define "store.limitRange" -}}
{{- if .Values.limitRange.enabled }}
apiVersion: v1
kind: LimitRange
metadata:
  name: {{ include "store.name" (dict "root" . "component" "limits") }}
  labels: {{- include "store.labels" (dict "root" . "component" "limits") | nindent 4 }}
spec:
  limits:
    - type: Container
      defaultRequest: {{- toYaml .Values.limitRange.defaultRequest | nindent 8 }}
      default: {{- toYaml .Values.limitRange.default | nindent 8 }}
      # No container of the store may ask for more, whatever its values say.
      max: {{- toYaml .Values.limitRange.max | nindent 8 }}
    - type: PersistentVolumeClaim
      max:
        storage: {{ .Values.limitRange.maxStorage }}
{{- end }}
{{- end -}}

{{- define "store.resourceQuota" -}}
{{- if .Values.resourceQuota.enabled }}
apiVersion: v1
kind: ResourceQuota
metadata:
  name: {{ include "store.name" (dict "root" . "component" "quota") }}
  labels: {{- include "store.labels" (dict "root" . "component" "quota") | nindent 4 }}
spec:
  hard: {{- toYaml .Values.resourceQuota.hard | nindent 4 }}
{{- end }}
{{- end -}}
