{{/* Names, labels, hardening and the shared policies come from the library chart store-common. */}}

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
