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
app.kubernetes.io/part-of: woocommerce-store
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

{{/* Pod-level hardening shared by every pod. */}}
{{- define "store.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "store.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: {{ .readOnly }}
capabilities:
  drop: [ALL]
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

{{/* WordPress configuration from the environment; secrets only by reference. */}}
{{- define "woocommerce.wordpressEnv" -}}
{{- $secret := include "store.secretName" . -}}
- name: WORDPRESS_DB_HOST
  value: {{ include "store.name" (dict "root" . "component" "mariadb") }}:3306
- name: WORDPRESS_DB_NAME
  value: {{ .Values.mariadb.database | quote }}
- name: WORDPRESS_DB_USER
  value: {{ .Values.mariadb.user | quote }}
- name: WORDPRESS_DB_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: mariadb-password }
{{- range $key := list "AUTH_KEY" "SECURE_AUTH_KEY" "LOGGED_IN_KEY" "NONCE_KEY" "AUTH_SALT" "SECURE_AUTH_SALT" "LOGGED_IN_SALT" "NONCE_SALT" }}
- name: WORDPRESS_{{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: wordpress-salt }
{{- end }}
# WP-Cron runs from the chart's CronJob (files/cron.sh), not on page views.
- name: WORDPRESS_CONFIG_EXTRA
  value: "define('DISALLOW_FILE_MODS', true); define('WP_AUTO_UPDATE_CORE', false); define('DISABLE_WP_CRON', true);"
{{- with .Values.mail.smtp }}
{{- if .host }}
# Mail through the platform's SMTP server (the image's mu-plugin storefleet-smtp.php).
- { name: SMTP_HOST, value: {{ .host | quote }} }
- { name: SMTP_PORT, value: {{ .port | quote }} }
- { name: SMTP_ENCRYPTION, value: {{ .encryption | quote }} }
- { name: SMTP_FROM, value: {{ .from | quote }} }
{{- if .user }}
- { name: SMTP_USER, value: {{ .user | quote }} }
- name: SMTP_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ .passwordSecret.name | quote }}, key: {{ .passwordSecret.key | quote }} }
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

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
With requireImagesOnNode: the WordPress image must be among the node's images (kubelet lists
them in the Node's status), else the install stops here with the reason. `helm template`
cannot look up nodes and skips the check.
*/}}
{{- define "store.requireWordPressImage" -}}
{{- with .Values.requireImagesOnNode }}
{{- $node := lookup "v1" "Node" "" . }}
{{- if $node }}
{{- $want := include "store.image" $.Values.wordpress.image }}
{{- $found := false }}
{{- range ($node.status.images | default list) }}
{{- if has $want (.names | default list) }}{{ $found = true }}{{ end }}
{{- end }}
{{- if not $found }}
{{- fail (printf "WooCommerce cannot run on node %s: its image %s is not there. The image bakes in the WooCommerce plugin and WP-CLI, which come only from wordpress.org and GitHub, and this machine could not reach them when the node's images were built (tools/sim-cluster/real-node/images.sh). On a machine that reaches them the image is built and this store runs." . $want) }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}
