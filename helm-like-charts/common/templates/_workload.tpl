{{/*
common.deployment: a Deployment for one component of the chart.
Called with (dict "root" $ "component" "api" "spec" .Values.api), where spec has:
  replicas, image {repository, tag}, args, port, env (map), resources, probePath.
*/}}
{{- define "common.deployment" -}}
{{- $root := .root -}}
{{- $spec := .spec -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.names.component" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  replicas: {{ $spec.replicas | default 1 }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "common.labels.selector" . | nindent 8 }}
      annotations:
        checksum/config: {{ $spec | toJson | sha256sum | trunc 16 }}
    spec:
      containers:
        - name: {{ .component }}
          image: {{ printf "%s:%s" $spec.image.repository (toString ($spec.image.tag | default $root.Chart.AppVersion)) | quote }}
          {{- with $spec.args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- if $spec.port }}
          ports:
            - name: http
              containerPort: {{ $spec.port }}
              protocol: TCP
          {{- end }}
          {{- if $spec.env }}
          env:
            {{- range $name, $value := $spec.env }}
            - name: {{ $name | upper | replace "-" "_" }}
              value: {{ tpl (toString $value) $root | quote }}
            {{- end }}
          {{- end }}
          {{- with $spec.probePath }}
          readinessProbe:
            httpGet:
              path: {{ . }}
              port: http
          {{- end }}
          {{- with $spec.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
{{- end -}}

{{/*
common.service: a ClusterIP Service in front of one component. Same arguments as common.deployment.
*/}}
{{- define "common.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "common.names.component" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "common.labels.selector" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .spec.servicePort | default 80 }}
      targetPort: http
{{- end -}}
