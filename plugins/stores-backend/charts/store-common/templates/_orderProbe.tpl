{{/*
The order probe, run by `helm test`: a hardened pod running the chart's files/order-probe.mjs
(mounted from the ConfigMap <release>-scripts), which writes its result to the termination log.
`env` is the YAML list of what this store's probe needs to reach it (URLs, secret references).
*/}}
{{- define "store.orderProbePod" -}}
{{- $root := .root }}
{{- $ctx := dict "root" $root "component" "order-probe" }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "store.name" $ctx }}
  labels: {{- include "store.labels" $ctx | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext: {{- include "store.podSecurityContext" (dict "uid" 1000) | nindent 4 }}
  {{- include "store.scheduling" (dict "root" $root) | nindent 2 }}
  containers:
    - name: order-probe
      image: {{ include "store.image" $root.Values.orderProbe.image }}
      imagePullPolicy: {{ $root.Values.orderProbe.image.pullPolicy }}
      securityContext: {{- include "store.containerSecurityContext" (dict "readOnly" true) | nindent 8 }}
      command: [node, /scripts/order-probe.mjs]
      terminationMessagePolicy: FallbackToLogsOnError
      env:
        - { name: ORDER_PROBE_RESULT_FILE, value: /dev/termination-log }
        {{- .env | nindent 8 }}
      resources: {{- toYaml $root.Values.orderProbe.resources | nindent 8 }}
      volumeMounts:
        - { name: scripts, mountPath: /scripts, readOnly: true }
  volumes:
    - name: scripts
      configMap:
        name: {{ include "store.name" (dict "root" $root "component" "scripts") }}
{{- end -}}
