{{/* Names, labels, hardening and the shared policies come from the library chart store-common. */}}

{{/* Medusa configuration from the environment; secrets only by reference. */}}
{{- define "medusa.env" -}}
{{- $secret := include "store.secretName" . -}}
{{- $settings := include "store.name" (dict "root" . "component" "settings") -}}
- name: NODE_ENV
  value: production
# The root filesystem is read-only: Medusa's CLI keeps its config store under
# $XDG_CONFIG_HOME (else ~/.config), so both point at the writable /tmp volume.
- name: HOME
  value: /tmp
- name: XDG_CONFIG_HOME
  value: /tmp
- name: PORT
  value: "9000"
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: postgres-password }
- name: DATABASE_URL
  value: postgres://medusa:$(POSTGRES_PASSWORD)@{{ include "store.name" (dict "root" . "component" "postgres") }}:5432/medusa?sslmode=disable
- name: REDIS_URL
  value: redis://{{ include "store.name" (dict "root" . "component" "redis") }}:6379
- name: JWT_SECRET
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: jwt-secret }
- name: COOKIE_SECRET
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: cookie-secret }
- name: STORE_CORS
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: STORE_CORS }
- name: ADMIN_CORS
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: ADMIN_CORS }
- name: AUTH_CORS
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: AUTH_CORS }
- name: MEDUSA_BACKEND_URL
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: MEDUSA_BACKEND_URL }
- name: MEDUSA_ADMIN_EMAIL
  value: {{ .Values.store.adminEmail | quote }}
- name: MEDUSA_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: admin-password }
- name: MEDUSA_COOKIE_SECURE
  value: {{ .Values.ingress.tls.enabled | quote }}
{{ include "medusa.publishableKeyEnv" . }}
- name: STORE_NAME
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: STORE_NAME }
- name: STORE_CURRENCY
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: STORE_CURRENCY }
- name: STORE_COUNTRIES
  valueFrom:
    configMapKeyRef: { name: {{ $settings }}, key: STORE_COUNTRIES }
{{- end -}}

{{/*
The shop's publishable key: pk_ and the store Secret's publishable-key (the migrations set it on
the store's "Storefront" key; the shop sends it with every Store API call).
*/}}
{{- define "medusa.publishableKeyEnv" -}}
- name: PUBLISHABLE_KEY_SUFFIX
  valueFrom:
    secretKeyRef: { name: {{ include "store.secretName" . }}, key: publishable-key }
- name: MEDUSA_PUBLISHABLE_KEY
  value: pk_$(PUBLISHABLE_KEY_SUFFIX)
{{- end -}}

{{/*
A Medusa Deployment in one worker mode. The server runs the migrations first, in an init
container: `medusa db:migrate` is idempotent and takes a database lock, and unlike a
pre-install hook it can reach the PostgreSQL this release creates. The seed runs as a
migration script, once, recorded in the database.
*/}}
{{- define "medusa.deployment" -}}
{{- $root := .root -}}
{{- $ctx := dict "root" $root "component" .mode -}}
{{- $v := index $root.Values.medusa .mode -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "store.name" $ctx }}
  labels: {{- include "store.labels" $ctx | nindent 4 }}
spec:
  replicas: {{ include "store.replicas" (dict "root" $root "replicas" $v.replicas) }}
  selector:
    matchLabels: {{- include "store.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels: {{- include "store.labels" $ctx | nindent 8 }}
    spec:
      automountServiceAccountToken: false
      securityContext: {{- include "store.podSecurityContext" (dict "uid" 1000) | nindent 8 }}
      {{- include "store.scheduling" (dict "root" $root) | nindent 6 }}
      {{- if eq .mode "server" }}
      initContainers:
        - name: migrations
          image: {{ include "store.image" $root.Values.medusa.image }}
          imagePullPolicy: {{ $root.Values.medusa.image.pullPolicy }}
          securityContext: {{- include "store.containerSecurityContext" (dict "readOnly" true) | nindent 12 }}
          command: [./node_modules/.bin/medusa, "db:migrate"]
          env: {{- include "medusa.env" $root | nindent 12 }}
          resources: {{- toYaml $root.Values.medusa.migrations.resources | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      {{- else }}
      # The worker starts once the server answers, i.e. after the migrations: started earlier
      # it fails on missing tables and restarts, and a fresh store shows a restarted pod.
      initContainers:
        - name: wait-for-migrations
          image: {{ include "store.image" $root.Values.medusa.image }}
          imagePullPolicy: {{ $root.Values.medusa.image.pullPolicy }}
          securityContext: {{- include "store.containerSecurityContext" (dict "readOnly" true) | nindent 12 }}
          command:
            - node
            - -e
            - |
              const url = process.env.SERVER_HEALTH_URL;
              console.log(`waiting for ${url}`);
              const wait = () =>
                fetch(url, { signal: AbortSignal.timeout(5000) }).then(
                  r => (r.ok ? process.exit(0) : setTimeout(wait, 2000)),
                  () => setTimeout(wait, 2000),
                );
              wait();
          env:
            - name: SERVER_HEALTH_URL
              value: http://{{ include "store.name" (dict "root" $root "component" "server") }}:9000/health
          resources: {{- toYaml $root.Values.medusa.waitForServer.resources | nindent 12 }}
      {{- end }}
      containers:
        - name: medusa
          image: {{ include "store.image" $root.Values.medusa.image }}
          imagePullPolicy: {{ $root.Values.medusa.image.pullPolicy }}
          securityContext: {{- include "store.containerSecurityContext" (dict "readOnly" true) | nindent 12 }}
          command: [./node_modules/.bin/medusa, start]
          env:
            {{- include "medusa.env" $root | nindent 12 }}
            - { name: MEDUSA_WORKER_MODE, value: {{ .mode }} }
            - { name: DISABLE_MEDUSA_ADMIN, value: {{ ternary "false" "true" (eq .mode "server") | quote }} }
          ports:
            - { name: http, containerPort: 9000 }
          startupProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 5
            failureThreshold: 60
          readinessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 10
          livenessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 20
            failureThreshold: 6
          resources: {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      volumes:
        - { name: tmp, emptyDir: {} }
{{- end -}}

