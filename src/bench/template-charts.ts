/**
 * Large charts for the `template` bench, written into a temporary directory: three shapes seen in real
 * charts. (a) `many-templates`: one application chart with hundreds of template files; (b)
 * `helper-library`: a library subchart of many small named templates that call each other (names, labels,
 * images, tpl of values, merged dicts, affinity presets, API versions), used by a dozen components;
 * (c) `umbrella`: an umbrella chart of two dozen subcharts with globals, conditions, tags and a
 * shared library. No volatile functions (random, time, keys): tugboat's output must equal Helm's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Files = Record<string, string>;

function writeChart(root: string, files: Files): void {
  for (const [path, text] of Object.entries(files)) {
    const p = join(root, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

const KINDS = ['deployment', 'service', 'configmap', 'serviceaccount', 'hpa', 'pdb'] as const;

/** (a) Hundreds of templates: `components` components × six kinds, plus the helpers. */
function manyTemplates(components: number): Files {
  const files: Files = {
    'Chart.yaml': 'apiVersion: v2\nname: fleet\ndescription: Many services in one chart\ntype: application\nversion: 3.4.5\nappVersion: "2.1.0"\n',
    'templates/_helpers.tpl': `{{- define "fleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "fleet.labels" -}}
helm.sh/chart: {{ include "fleet.chart" .root }}
{{ include "fleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "fleet.image" -}}
{{- $img := .image -}}
{{- $tag := $img.tag | default .root.Chart.AppVersion | toString -}}
{{- printf "%s/%s:%s" (.root.Values.global.imageRegistry | default $img.registry) $img.repository $tag -}}
{{- end }}

{{- define "fleet.serviceAccountName" -}}
{{- if .svc.serviceAccount.create }}
{{- default (printf "%s-%s" (include "fleet.fullname" .root) .component) .svc.serviceAccount.name }}
{{- else }}
{{- default "default" .svc.serviceAccount.name }}
{{- end }}
{{- end }}
`,
  };
  const values: string[] = [
    'nameOverride: ""', 'fullnameOverride: ""', 'global:', '  imageRegistry: ""',
    'commonLabels:', '  team: platform', '  tier: backend',
    'podSecurityContext:', '  fsGroup: 1001', '  runAsNonRoot: true',
    'containerSecurityContext:', '  allowPrivilegeEscalation: false', '  readOnlyRootFilesystem: true', '  capabilities:', '    drop: ["ALL"]',
    'services:',
  ];
  for (let i = 0; i < components; i++) {
    const name = `svc${String(i).padStart(3, '0')}`;
    values.push(
      `  ${name}:`,
      `    enabled: ${i % 17 !== 5}`,
      `    replicas: ${1 + (i % 4)}`,
      `    image: {registry: registry.example.org, repository: fleet/${name}, tag: "1.${i}.0"}`,
      `    port: ${8000 + i}`,
      `    env: {LOG_LEVEL: info, WORKERS: "${2 + (i % 3)}", REGION: eu-west-${1 + (i % 3)}}`,
      `    resources: {requests: {cpu: ${50 + i}m, memory: ${64 + i}Mi}, limits: {memory: ${128 + 2 * i}Mi}}`,
      `    autoscaling: {enabled: ${i % 3 === 0}, minReplicas: 2, maxReplicas: ${4 + (i % 6)}, targetCPU: 75}`,
      `    serviceAccount: {create: ${i % 2 === 0}, name: ""}`,
      `    config:`,
      `      app.properties: |`,
      `        service.name=${name}`,
      `        service.port=${8000 + i}`,
      `        feature.flags=a,b,c`,
    );
    const ctx = `(dict "root" $ "component" "${name}" "svc" $svc)`;
    const head = `{{- $svc := index .Values.services "${name}" }}\n{{- if $svc.enabled }}\n`;
    const foot = `{{- end }}\n`;
    files[`templates/${name}/deployment.yaml`] = `${head}apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "fleet.fullname" . }}-${name}
  namespace: {{ .Release.Namespace | quote }}
  labels:
    {{- include "fleet.labels" ${ctx} | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "fleet.selectorLabels" ${ctx} | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/${name}/configmap.yaml") . | sha256sum }}
      labels:
        {{- include "fleet.labels" ${ctx} | nindent 8 }}
    spec:
      serviceAccountName: {{ include "fleet.serviceAccountName" ${ctx} }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ "${name}" }}
          image: {{ include "fleet.image" (dict "root" $ "image" $svc.image) | quote }}
          imagePullPolicy: IfNotPresent
          securityContext:
            {{- toYaml .Values.containerSecurityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
              protocol: TCP
          env:
            {{- range $k, $v := $svc.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          readinessProbe:
            httpGet: {path: /ready, port: http}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /etc/${name}
      volumes:
        - name: config
          configMap:
            name: {{ include "fleet.fullname" . }}-${name}
${foot}`;
    files[`templates/${name}/service.yaml`] = `${head}apiVersion: v1
kind: Service
metadata:
  name: {{ include "fleet.fullname" . }}-${name}
  labels:
    {{- include "fleet.labels" ${ctx} | nindent 4 }}
spec:
  type: ClusterIP
  ports:
    - port: {{ $svc.port }}
      targetPort: http
      protocol: TCP
      name: http
  selector:
    {{- include "fleet.selectorLabels" ${ctx} | nindent 4 }}
${foot}`;
    files[`templates/${name}/configmap.yaml`] = `${head}apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "fleet.fullname" . }}-${name}
  labels:
    {{- include "fleet.labels" ${ctx} | nindent 4 }}
data:
  {{- range $file, $text := $svc.config }}
  {{ $file }}: |
    {{- $text | nindent 4 }}
  {{- end }}
  replicas: {{ $svc.replicas | quote }}
${foot}`;
    files[`templates/${name}/serviceaccount.yaml`] = `{{- $svc := index .Values.services "${name}" }}
{{- if and $svc.enabled $svc.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "fleet.serviceAccountName" ${ctx} }}
  labels:
    {{- include "fleet.labels" ${ctx} | nindent 4 }}
automountServiceAccountToken: false
{{- end }}
`;
    files[`templates/${name}/hpa.yaml`] = `{{- $svc := index .Values.services "${name}" }}
{{- if and $svc.enabled $svc.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "fleet.fullname" . }}-${name}
  labels:
    {{- include "fleet.labels" ${ctx} | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "fleet.fullname" . }}-${name}
  minReplicas: {{ $svc.autoscaling.minReplicas }}
  maxReplicas: {{ $svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $svc.autoscaling.targetCPU }}
{{- end }}
`;
    files[`templates/${name}/pdb.yaml`] = `${head}{{- if gt (int $svc.replicas) 1 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "fleet.fullname" . }}-${name}
  labels:
    {{- include "fleet.labels" ${ctx} | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "fleet.selectorLabels" ${ctx} | nindent 6 }}
{{- end }}
${foot}`;
  }
  files['values.yaml'] = values.join('\n') + '\n';
  return files;
}

/** The library: many small named templates calling each other, as large chart libraries are built. */
function library(name: string): Files {
  const t = (s: string) => s;
  return {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\ndescription: Shared named templates\ntype: library\nversion: 2.9.0\n`,
    'templates/_names.tpl': t(`{{- define "lib.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lib.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "lib.names.component" -}}
{{- printf "%s-%s" (include "lib.names.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lib.names.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lib.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
`),
    'templates/_tplvalues.tpl': t(`{{/* Renders a value that may hold a template: .value (any), .context (the scope). */}}
{{- define "lib.tplvalues.render" -}}
{{- $text := ternary .value (.value | toYaml) (typeIs "string" .value) -}}
{{- if contains "{{" (toJson .value) -}}
{{- if .scope -}}
{{- tpl (cat "{{- with $.RelativeScope -}}" $text "{{- end }}") (merge (dict "RelativeScope" .scope) .context) -}}
{{- else -}}
{{- tpl $text .context -}}
{{- end -}}
{{- else -}}
{{- $text -}}
{{- end -}}
{{- end -}}

{{/* Merges several values (maps given as YAML or as templates): .values (list), .context. */}}
{{- define "lib.tplvalues.merge" -}}
{{- $dst := dict -}}
{{- range .values -}}
{{- $dst = include "lib.tplvalues.render" (dict "value" . "context" $.context) | fromYaml | merge $dst -}}
{{- end -}}
{{- $dst | toYaml -}}
{{- end -}}
`),
    'templates/_labels.tpl': t(`{{- define "lib.labels.standard" -}}
{{- if and (hasKey . "customLabels") (hasKey . "context") -}}
{{- $default := dict "app.kubernetes.io/name" (include "lib.names.name" .context) "helm.sh/chart" (include "lib.names.chart" .context) "app.kubernetes.io/instance" .context.Release.Name "app.kubernetes.io/managed-by" .context.Release.Service -}}
{{- with .context.Chart.AppVersion -}}
{{- $_ := set $default "app.kubernetes.io/version" . -}}
{{- end -}}
{{ template "lib.tplvalues.merge" (dict "values" (list .customLabels $default) "context" .context) }}
{{- else -}}
app.kubernetes.io/name: {{ include "lib.names.name" . }}
helm.sh/chart: {{ include "lib.names.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | replace "+" "_" | quote }}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "lib.labels.matchLabels" -}}
{{- if and (hasKey . "customLabels") (hasKey . "context") -}}
{{ merge (pick (include "lib.tplvalues.render" (dict "value" .customLabels "context" .context) | fromYaml) "app.kubernetes.io/name" "app.kubernetes.io/instance") (dict "app.kubernetes.io/name" (include "lib.names.name" .context) "app.kubernetes.io/instance" .context.Release.Name) | toYaml }}
{{- else -}}
app.kubernetes.io/name: {{ include "lib.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- end -}}
`),
    'templates/_images.tpl': t(`{{- define "lib.images.image" -}}
{{- $registry := .imageRoot.registry -}}
{{- $repository := .imageRoot.repository -}}
{{- $sep := ":" -}}
{{- $term := .imageRoot.tag | toString -}}
{{- if not .imageRoot.tag -}}
{{- if .chart -}}
{{- $term = .chart.AppVersion | toString -}}
{{- end -}}
{{- end -}}
{{- if .global -}}
{{- if .global.imageRegistry -}}
{{- $registry = .global.imageRegistry -}}
{{- end -}}
{{- end -}}
{{- if .imageRoot.digest -}}
{{- $sep = "@" -}}
{{- $term = .imageRoot.digest | toString -}}
{{- end -}}
{{- if $registry -}}
{{- printf "%s/%s%s%s" $registry $repository $sep $term -}}
{{- else -}}
{{- printf "%s%s%s" $repository $sep $term -}}
{{- end -}}
{{- end -}}

{{- define "lib.images.secretName" -}}
{{- if kindIs "map" . }}{{ .name }}{{ else }}{{ . }}{{ end -}}
{{- end -}}

{{- define "lib.images.pullSecrets" -}}
{{- $secrets := list -}}
{{- range ((.global).imagePullSecrets) -}}
{{- if kindIs "map" . -}}
{{- $secrets = append $secrets .name -}}
{{- else -}}
{{- $secrets = append $secrets . -}}
{{- end -}}
{{- end -}}
{{- range .images -}}
{{- range .pullSecrets -}}
{{- $secrets = append $secrets (include "lib.images.secretName" .) -}}
{{- end -}}
{{- end -}}
{{- if $secrets }}
imagePullSecrets:
{{- range $secrets | uniq }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
`),
    'templates/_affinities.tpl': t(`{{- define "lib.affinities.nodes.soft" -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - preference:
      matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
    weight: 1
{{- end -}}

{{- define "lib.affinities.nodes.hard" -}}
requiredDuringSchedulingIgnoredDuringExecution:
  nodeSelectorTerms:
    - matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
{{- end -}}

{{- define "lib.affinities.nodes" -}}
{{- if eq .type "soft" }}
{{- include "lib.affinities.nodes.soft" . -}}
{{- else if eq .type "hard" }}
{{- include "lib.affinities.nodes.hard" . -}}
{{- end -}}
{{- end -}}

{{- define "lib.affinities.pods.soft" -}}
{{- $component := default "" .component -}}
{{- $extraLabels := default (dict) .extraPodAffinityTerms -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - podAffinityTerm:
      labelSelector:
        matchLabels: {{- (include "lib.labels.matchLabels" (dict "customLabels" .customLabels "context" .context)) | nindent 10 }}
          {{- if not (empty $component) }}
          app.kubernetes.io/component: {{ $component }}
          {{- end }}
      topologyKey: kubernetes.io/hostname
    weight: 1
{{- end -}}

{{- define "lib.affinities.pods.hard" -}}
{{- $component := default "" .component -}}
requiredDuringSchedulingIgnoredDuringExecution:
  - labelSelector:
      matchLabels: {{- (include "lib.labels.matchLabels" (dict "customLabels" .customLabels "context" .context)) | nindent 8 }}
        {{- if not (empty $component) }}
        app.kubernetes.io/component: {{ $component }}
        {{- end }}
    topologyKey: kubernetes.io/hostname
{{- end -}}

{{- define "lib.affinities.pods" -}}
{{- if eq .type "soft" }}
{{- include "lib.affinities.pods.soft" . -}}
{{- else if eq .type "hard" }}
{{- include "lib.affinities.pods.hard" . -}}
{{- end -}}
{{- end -}}
`),
    'templates/_resources.tpl': t(`{{- define "lib.resources.preset" -}}
{{- $presets := dict
  "nano" (dict "requests" (dict "cpu" "100m" "memory" "128Mi") "limits" (dict "cpu" "150m" "memory" "192Mi"))
  "micro" (dict "requests" (dict "cpu" "250m" "memory" "256Mi") "limits" (dict "cpu" "375m" "memory" "384Mi"))
  "small" (dict "requests" (dict "cpu" "500m" "memory" "512Mi") "limits" (dict "cpu" "750m" "memory" "768Mi"))
  "medium" (dict "requests" (dict "cpu" "500m" "memory" "1024Mi") "limits" (dict "cpu" "750m" "memory" "1536Mi"))
  "large" (dict "requests" (dict "cpu" "1" "memory" "2048Mi") "limits" (dict "cpu" "1.5" "memory" "3072Mi"))
-}}
{{- if hasKey $presets .type -}}
{{- index $presets .type | toYaml -}}
{{- else -}}
{{- printf "ERROR: unknown preset %s (choose one of: %s)" .type (join "," (keys $presets | sortAlpha)) | fail -}}
{{- end -}}
{{- end -}}
`),
    'templates/_capabilities.tpl': t(`{{- define "lib.capabilities.kubeVersion" -}}
{{- default .Capabilities.KubeVersion.Version ((.Values.global).kubeVersion) -}}
{{- end -}}

{{- define "lib.capabilities.policy.apiVersion" -}}
{{- if semverCompare "<1.21-0" (include "lib.capabilities.kubeVersion" .) -}}
policy/v1beta1
{{- else -}}
policy/v1
{{- end -}}
{{- end -}}

{{- define "lib.capabilities.hpa.apiVersion" -}}
{{- if semverCompare "<1.23-0" (include "lib.capabilities.kubeVersion" .context) -}}
autoscaling/v2beta2
{{- else -}}
autoscaling/v2
{{- end -}}
{{- end -}}

{{- define "lib.capabilities.ingress.apiVersion" -}}
{{- if semverCompare "<1.19-0" (include "lib.capabilities.kubeVersion" .) -}}
networking.k8s.io/v1beta1
{{- else -}}
networking.k8s.io/v1
{{- end -}}
{{- end -}}
`),
    'templates/_security.tpl': t(`{{- define "lib.compatibility.renderSecurityContext" -}}
{{- $adapted := omit .secContext "enabled" -}}
{{- if not .secContext.seLinuxOptions -}}
{{- $adapted = omit $adapted "seLinuxOptions" -}}
{{- end -}}
{{- omit $adapted "" | toYaml -}}
{{- end -}}

{{- define "lib.secrets.name" -}}
{{- $name := (include "lib.names.fullname" .context) -}}
{{- if .defaultNameSuffix -}}
{{- $name = printf "%s-%s" $name .defaultNameSuffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- with .existingSecret -}}
{{- if not (typeIs "string" .) -}}
{{- with .name -}}
{{- $name = . -}}
{{- end -}}
{{- else -}}
{{- $name = . -}}
{{- end -}}
{{- end -}}
{{- printf "%s" $name -}}
{{- end -}}

{{- define "lib.warnings.rollingTag" -}}
{{- if and (contains "example.org/" .repository) (not (.tag | toString | regexFind "^[0-9]")) }}
WARNING: rolling tag {{ .repository }}:{{ .tag }}
{{- end }}
{{- end -}}
`),
  };
}

/** One component of the helper-heavy chart: every kind built from the library's templates. */
function libComponent(chart: string, comp: string): Files {
  const v = `.Values.${comp}`;
  const labels = `(include "lib.labels.standard" (dict "customLabels" .Values.commonLabels "context" $))`;
  const match = `(include "lib.labels.matchLabels" (dict "customLabels" ${v}.podLabels "context" $))`;
  const name = `(include "lib.names.component" (dict "context" $ "component" "${comp}"))`;
  const guard = `{{- if ${v}.enabled }}\n`;
  return {
    [`templates/${comp}/deployment.yaml`]: `${guard}apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  {{- $labels := include "lib.tplvalues.merge" (dict "values" (list ${v}.extraLabels .Values.commonLabels) "context" .) }}
  labels: {{- include "lib.labels.standard" (dict "customLabels" $labels "context" $) | nindent 4 }}
    app.kubernetes.io/component: ${comp}
  {{- if or ${v}.annotations .Values.commonAnnotations }}
  {{- $annotations := include "lib.tplvalues.merge" (dict "values" (list ${v}.annotations .Values.commonAnnotations) "context" .) }}
  annotations: {{- include "lib.tplvalues.render" (dict "value" $annotations "context" $) | nindent 4 }}
  {{- end }}
spec:
  replicas: {{ ${v}.replicaCount }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
  {{- $podLabels := include "lib.tplvalues.merge" (dict "values" (list ${v}.podLabels .Values.commonLabels) "context" .) }}
  selector:
    matchLabels: {{- include "lib.labels.matchLabels" (dict "customLabels" $podLabels "context" $) | nindent 6 }}
      app.kubernetes.io/component: ${comp}
  {{- if ${v}.updateStrategy }}
  strategy: {{- include "lib.tplvalues.render" (dict "value" ${v}.updateStrategy "context" $) | nindent 4 }}
  {{- end }}
  template:
    metadata:
      labels: {{- include "lib.labels.standard" (dict "customLabels" $podLabels "context" $) | nindent 8 }}
        app.kubernetes.io/component: ${comp}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/${comp}/configmap.yaml") . | sha256sum }}
        {{- if ${v}.podAnnotations }}
        {{- include "lib.tplvalues.render" (dict "value" ${v}.podAnnotations "context" $) | nindent 8 }}
        {{- end }}
    spec:
      {{- include "lib.images.pullSecrets" (dict "images" (list ${v}.image) "global" .Values.global) | nindent 6 }}
      serviceAccountName: {{ ${name} }}
      automountServiceAccountToken: {{ ${v}.automountServiceAccountToken }}
      {{- if ${v}.affinity }}
      affinity: {{- include "lib.tplvalues.render" (dict "value" ${v}.affinity "context" $) | nindent 8 }}
      {{- else }}
      affinity:
        podAffinity: {{- include "lib.affinities.pods" (dict "type" ${v}.podAffinityPreset "component" "${comp}" "customLabels" $podLabels "context" $) | nindent 10 }}
        podAntiAffinity: {{- include "lib.affinities.pods" (dict "type" ${v}.podAntiAffinityPreset "component" "${comp}" "customLabels" $podLabels "context" $) | nindent 10 }}
        nodeAffinity: {{- include "lib.affinities.nodes" (dict "type" ${v}.nodeAffinityPreset.type "key" ${v}.nodeAffinityPreset.key "values" ${v}.nodeAffinityPreset.values) | nindent 10 }}
      {{- end }}
      {{- if ${v}.nodeSelector }}
      nodeSelector: {{- include "lib.tplvalues.render" (dict "value" ${v}.nodeSelector "context" $) | nindent 8 }}
      {{- end }}
      {{- if ${v}.podSecurityContext.enabled }}
      securityContext: {{- include "lib.compatibility.renderSecurityContext" (dict "secContext" ${v}.podSecurityContext "context" $) | nindent 8 }}
      {{- end }}
      containers:
        - name: ${comp}
          image: {{ include "lib.images.image" (dict "imageRoot" ${v}.image "global" .Values.global "chart" .Chart) }}
          imagePullPolicy: {{ ${v}.image.pullPolicy }}
          {{- if ${v}.containerSecurityContext.enabled }}
          securityContext: {{- include "lib.compatibility.renderSecurityContext" (dict "secContext" ${v}.containerSecurityContext "context" $) | nindent 12 }}
          {{- end }}
          {{- if ${v}.command }}
          command: {{- include "lib.tplvalues.render" (dict "value" ${v}.command "context" $) | nindent 12 }}
          {{- end }}
          args: {{- include "lib.tplvalues.render" (dict "value" ${v}.args "context" $) | nindent 12 }}
          env:
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: SERVICE_HOST
              value: {{ printf "%s.%s.svc.%s" ${name} (include "lib.names.namespace" .) .Values.clusterDomain | quote }}
            - name: PASSWORD_FILE
              value: /secrets/{{ include "lib.secrets.name" (dict "existingSecret" ${v}.existingSecret "defaultNameSuffix" "${comp}" "context" $) }}
            {{- if ${v}.extraEnvVars }}
            {{- include "lib.tplvalues.render" (dict "value" ${v}.extraEnvVars "context" $) | nindent 12 }}
            {{- end }}
          ports:
            - name: http
              containerPort: {{ ${v}.containerPorts.http }}
            - name: metrics
              containerPort: {{ ${v}.containerPorts.metrics }}
          {{- if ${v}.resources }}
          resources: {{- toYaml ${v}.resources | nindent 12 }}
          {{- else if ne ${v}.resourcesPreset "none" }}
          resources: {{- include "lib.resources.preset" (dict "type" ${v}.resourcesPreset) | nindent 12 }}
          {{- end }}
          {{- if ${v}.livenessProbe.enabled }}
          livenessProbe: {{- include "lib.tplvalues.render" (dict "value" (omit ${v}.livenessProbe "enabled") "context" $) | nindent 12 }}
            tcpSocket:
              port: http
          {{- end }}
          {{- if ${v}.readinessProbe.enabled }}
          readinessProbe: {{- include "lib.tplvalues.render" (dict "value" (omit ${v}.readinessProbe "enabled") "context" $) | nindent 12 }}
            httpGet:
              path: /ready
              port: http
          {{- end }}
          volumeMounts:
            - name: config
              mountPath: /opt/app/conf
            - name: empty-dir
              mountPath: /tmp
              subPath: tmp-dir
      volumes:
        - name: config
          configMap:
            name: {{ ${name} }}
        - name: empty-dir
          emptyDir: {}
{{- end }}
`,
    [`templates/${comp}/configmap.yaml`]: `${guard}apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
data:
  app.yaml: |
    {{- include "lib.tplvalues.render" (dict "value" ${v}.configuration "context" $) | nindent 4 }}
  {{- range $k, $val := ${v}.extraConfig }}
  {{ $k }}: {{ include "lib.tplvalues.render" (dict "value" $val "context" $) | quote }}
  {{- end }}
{{- end }}
`,
    [`templates/${comp}/service.yaml`]: `${guard}apiVersion: v1
kind: Service
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
  {{- if or ${v}.service.annotations .Values.commonAnnotations }}
  {{- $annotations := include "lib.tplvalues.merge" (dict "values" (list ${v}.service.annotations .Values.commonAnnotations) "context" .) }}
  annotations: {{- include "lib.tplvalues.render" (dict "value" $annotations "context" $) | nindent 4 }}
  {{- end }}
spec:
  type: {{ ${v}.service.type }}
  ports:
    - name: http
      port: {{ ${v}.service.ports.http }}
      targetPort: http
    - name: metrics
      port: {{ ${v}.service.ports.metrics }}
      targetPort: metrics
  selector: {{- ${match} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
{{- end }}
`,
    [`templates/${comp}/serviceaccount.yaml`]: `${guard}apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
automountServiceAccountToken: false
{{- end }}
`,
    [`templates/${comp}/pdb.yaml`]: `{{- if and ${v}.enabled ${v}.pdb.create }}
apiVersion: {{ include "lib.capabilities.policy.apiVersion" . }}
kind: PodDisruptionBudget
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
spec:
  {{- if ${v}.pdb.minAvailable }}
  minAvailable: {{ ${v}.pdb.minAvailable }}
  {{- end }}
  {{- if or ${v}.pdb.maxUnavailable (not ${v}.pdb.minAvailable) }}
  maxUnavailable: {{ ${v}.pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels: {{- ${match} | nindent 6 }}
      app.kubernetes.io/component: ${comp}
{{- end }}
`,
    [`templates/${comp}/hpa.yaml`]: `{{- if and ${v}.enabled ${v}.autoscaling.enabled }}
apiVersion: {{ include "lib.capabilities.hpa.apiVersion" (dict "context" $) }}
kind: HorizontalPodAutoscaler
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ ${name} }}
  minReplicas: {{ ${v}.autoscaling.minReplicas }}
  maxReplicas: {{ ${v}.autoscaling.maxReplicas }}
  metrics:
    {{- if ${v}.autoscaling.targetCPU }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ ${v}.autoscaling.targetCPU }}
    {{- end }}
{{- end }}
`,
    [`templates/${comp}/networkpolicy.yaml`]: `{{- if and ${v}.enabled ${v}.networkPolicy.enabled }}
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
spec:
  podSelector:
    matchLabels: {{- ${match} | nindent 6 }}
      app.kubernetes.io/component: ${comp}
  policyTypes: [Ingress, Egress]
  {{- if ${v}.networkPolicy.allowExternalEgress }}
  egress:
    - {}
  {{- end }}
  ingress:
    - ports:
        - port: {{ ${v}.containerPorts.http }}
      {{- if not ${v}.networkPolicy.allowExternal }}
      from:
        - podSelector:
            matchLabels: {{- ${match} | nindent 14 }}
        {{- if ${v}.networkPolicy.extraIngressFrom }}
        {{- include "lib.tplvalues.render" (dict "value" ${v}.networkPolicy.extraIngressFrom "context" $) | nindent 8 }}
        {{- end }}
      {{- end }}
{{- end }}
`,
    [`templates/${comp}/ingress.yaml`]: `{{- if and ${v}.enabled ${v}.ingress.enabled }}
apiVersion: {{ include "lib.capabilities.ingress.apiVersion" . }}
kind: Ingress
metadata:
  name: {{ ${name} }}
  namespace: {{ include "lib.names.namespace" . | quote }}
  labels: {{- ${labels} | nindent 4 }}
    app.kubernetes.io/component: ${comp}
spec:
  ingressClassName: {{ ${v}.ingress.ingressClassName | quote }}
  rules:
    - host: {{ include "lib.tplvalues.render" (dict "value" ${v}.ingress.hostname "context" $) }}
      http:
        paths:
          - path: {{ ${v}.ingress.path }}
            pathType: Prefix
            backend:
              service:
                name: {{ ${name} }}
                port:
                  name: http
  {{- if ${v}.ingress.tls }}
  tls:
    - hosts:
        - {{ include "lib.tplvalues.render" (dict "value" ${v}.ingress.hostname "context" $) }}
      secretName: {{ printf "%s-tls" (include "lib.tplvalues.render" (dict "value" ${v}.ingress.hostname "context" $)) }}
  {{- end }}
{{- end }}
`,
  };
}

function libComponentValues(comp: string, i: number): string {
  return `${comp}:
  enabled: ${i % 11 !== 7}
  replicaCount: ${1 + (i % 3)}
  image:
    registry: registry.example.org
    repository: suite/${comp}
    tag: ${i % 4 === 0 ? '""' : `"4.${i}.1"`}
    digest: ${i % 9 === 4 ? `"sha256:${String(i).repeat(64).slice(0, 64)}"` : '""'}
    pullPolicy: IfNotPresent
    pullSecrets: ${i % 2 ? '[]' : `[suite-pull-${i % 3}]`}
  automountServiceAccountToken: false
  extraLabels:
    suite.example.org/part: "{{ .Release.Name }}-${comp}"
  annotations: ${i % 3 === 0 ? `{suite.example.org/owner: "team-${i % 4}"}` : '{}'}
  podLabels:
    suite.example.org/pod: ${comp}
  podAnnotations:
    suite.example.org/revision: "{{ .Chart.Version }}"
  updateStrategy:
    type: RollingUpdate
  podAffinityPreset: "${i % 2 ? 'soft' : ''}"
  podAntiAffinityPreset: ${i % 3 === 2 ? 'hard' : 'soft'}
  nodeAffinityPreset:
    type: "${i % 5 === 1 ? 'hard' : ''}"
    key: topology.kubernetes.io/zone
    values: [zone-a, zone-b]
  affinity: {}
  nodeSelector: ${i % 4 === 3 ? '{kubernetes.io/os: linux}' : '{}'}
  podSecurityContext:
    enabled: true
    fsGroupChangePolicy: Always
    sysctls: []
    supplementalGroups: []
    fsGroup: 1001
  containerSecurityContext:
    enabled: true
    seLinuxOptions: {}
    runAsUser: 1001
    runAsGroup: 1001
    runAsNonRoot: true
    privileged: false
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
    capabilities:
      drop: ["ALL"]
    seccompProfile:
      type: "RuntimeDefault"
  command: []
  args:
    - --config=/opt/app/conf/app.yaml
    - --name={{ include "lib.names.fullname" . }}
  extraEnvVars:
    - name: RELEASE
      value: "{{ .Release.Name }}"
    - name: LEVEL
      value: "${['debug', 'info', 'warn'][i % 3]}"
  existingSecret: ${i % 5 === 0 ? `{name: "external-${comp}"}` : '""'}
  containerPorts:
    http: ${8080 + i}
    metrics: ${9100 + i}
  resources: ${i % 3 === 1 ? `{requests: {cpu: ${100 + i}m, memory: 256Mi}}` : '{}'}
  resourcesPreset: ${['nano', 'micro', 'small', 'medium', 'large'][i % 5]}
  livenessProbe:
    enabled: true
    initialDelaySeconds: ${10 + i}
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 6
  readinessProbe:
    enabled: ${i % 2 === 0}
    initialDelaySeconds: 5
    periodSeconds: 5
  configuration: |
    server:
      name: {{ include "lib.names.fullname" . }}-${comp}
      port: ${8080 + i}
    peers:
      {{- range $i, $e := until ${2 + (i % 3)} }}
      - {{ printf "%s-%d" "${comp}" $i }}
      {{- end }}
  extraConfig:
    owner: "{{ .Release.Namespace }}"
    chart: "{{ .Chart.Name }}"
  service:
    type: ClusterIP
    ports: {http: 80, metrics: 9100}
    annotations: ${i % 2 ? '{}' : `{prometheus.io/port: "9100"}`}
  pdb:
    create: true
    minAvailable: ""
    maxUnavailable: ""
  autoscaling:
    enabled: ${i % 2 === 1}
    minReplicas: 2
    maxReplicas: ${3 + i}
    targetCPU: 70
  networkPolicy:
    enabled: true
    allowExternal: ${i % 3 === 0}
    allowExternalEgress: true
    extraIngressFrom:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: "{{ .Release.Namespace }}"
  ingress:
    enabled: ${i % 4 === 0}
    ingressClassName: nginx
    hostname: "${comp}.{{ .Release.Namespace }}.example.org"
    path: /
    tls: ${i % 8 === 0}
`;
}

/** (b) A dozen components built from the helper library (the way large chart libraries are used). */
function helperLibrary(components: number): Files {
  const files: Files = {
    'Chart.yaml': `apiVersion: v2
name: suite
description: An application suite built on a helper library
type: application
version: 11.2.0
appVersion: "7.3.2"
dependencies:
  - name: lib
    version: 2.x.x
    repository: file://charts/lib
`,
  };
  for (const [p, text] of Object.entries(library('lib'))) files[`charts/lib/${p}`] = text;
  const values = [
    'global:', '  imageRegistry: ""', '  imagePullSecrets: [global-pull]', '  kubeVersion: ""',
    'nameOverride: ""', 'fullnameOverride: ""', 'namespaceOverride: ""', 'clusterDomain: cluster.local', 'revisionHistoryLimit: 5',
    'commonLabels:', '  suite.example.org/env: "{{ .Release.Namespace }}"', 'commonAnnotations:', '  suite.example.org/managed: "true"',
  ].join('\n') + '\n';
  const comps: string[] = [];
  for (let i = 0; i < components; i++) {
    const comp = ['api', 'worker', 'scheduler', 'gateway', 'indexer', 'query', 'ingester', 'compactor', 'ruler', 'alerter', 'proxy', 'store', 'frontend', 'router', 'cache', 'billing'][i % 16]! + (i >= 16 ? `${Math.floor(i / 16)}` : '');
    Object.assign(files, libComponent('suite', comp));
    comps.push(libComponentValues(comp, i));
  }
  files['values.yaml'] = values + comps.join('');
  files['templates/NOTES.txt'] = 'The suite {{ .Release.Name }} is installed in {{ .Release.Namespace }}.\n';
  return files;
}

/** (c) An umbrella chart of `count` subcharts: globals, conditions, tags, a shared library, subchart values. */
function umbrella(count: number): Files {
  const deps: string[] = [];
  const values: string[] = [
    'global:', '  imageRegistry: mirror.example.net', '  environment: staging', '  labels:', '    cost-center: "4711"', '    owner: sre',
    'tags:', '  observability: true', '  experimental: false',
  ];
  const files: Files = {};
  for (const [p, text] of Object.entries(library('lib'))) files[`charts/lib/${p}`] = text;
  for (let i = 0; i < count; i++) {
    const sub = `part${String(i).padStart(2, '0')}`;
    const tag = i % 6 === 1 ? 'observability' : i % 6 === 4 ? 'experimental' : undefined;
    deps.push(`  - name: ${sub}\n    version: ">=1.0.0"\n    repository: file://charts/${sub}\n    condition: ${sub}.enabled${tag ? `\n    tags:\n      - ${tag}` : ''}`);
    if (!tag) values.push(`${sub}:`, `  enabled: ${i % 7 !== 3}`, `  replicaCount: ${1 + (i % 3)}`, `  extraPorts: [${9000 + i}, ${9500 + i}]`);
    else values.push(`${sub}:`, `  replicaCount: 2`);
    const pre = `sub/${sub}`;
    files[`charts/${sub}/Chart.yaml`] = `apiVersion: v2\nname: ${sub}\nversion: 1.${i}.0\nappVersion: "0.${i}.9"\ndependencies:\n  - name: lib\n    version: 2.x.x\n    repository: file://../lib\n`;
    for (const [p, text] of Object.entries(library('lib'))) files[`charts/${sub}/charts/lib/${p}`] = text;
    files[`charts/${sub}/values.yaml`] = `replicaCount: 1
image:
  registry: docker.example.com
  repository: umbrella/${sub}
  tag: "0.${i}.9"
  digest: ""
service:
  port: ${7000 + i}
extraPorts: []
env:
  MODE: ${i % 2 ? 'primary' : 'replica'}
  SHARD: "${i}"
config:
  retention: ${i + 1}d
  upstream: "{{ .Release.Name }}-part${String((i + 1) % count).padStart(2, '0')}"
resources:
  requests: {cpu: ${20 + i}m, memory: ${32 + i}Mi}
`;
    files[`charts/${sub}/templates/_helpers.tpl`] = `{{- define "${sub}.labels" -}}
{{ include "lib.labels.standard" . }}
environment: {{ .Values.global.environment | default "dev" }}
{{- range $k, $v := .Values.global.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
`;
    files[`charts/${sub}/templates/deployment.yaml`] = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "lib.names.fullname" . }}
  labels:
    {{- include "${sub}.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels: {{- include "lib.labels.matchLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "${sub}.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    spec:
      containers:
        - name: main
          image: {{ include "lib.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) }}
          ports:
            - containerPort: {{ .Values.service.port }}
            {{- range .Values.extraPorts }}
            - containerPort: {{ . }}
            {{- end }}
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          resources: {{- toYaml .Values.resources | nindent 12 }}
`;
    files[`charts/${sub}/templates/service.yaml`] = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "lib.names.fullname" . }}
  labels: {{- include "${sub}.labels" . | nindent 4 }}
spec:
  ports:
    - name: main
      port: {{ .Values.service.port }}
  selector: {{- include "lib.labels.matchLabels" . | nindent 4 }}
`;
    files[`charts/${sub}/templates/configmap.yaml`] = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "lib.names.fullname" . }}-config
  labels: {{- include "${sub}.labels" . | nindent 4 }}
data:
  {{- range $k, $v := .Values.config }}
  {{ $k }}: {{ tpl $v $ | quote }}
  {{- end }}
  subcharts: {{ keys .Values | sortAlpha | join "," | quote }}
`;
    files[`charts/${sub}/templates/pdb.yaml`] = `{{- if gt (int .Values.replicaCount) 1 }}
apiVersion: {{ include "lib.capabilities.policy.apiVersion" . }}
kind: PodDisruptionBudget
metadata:
  name: {{ include "lib.names.fullname" . }}
  labels: {{- include "${sub}.labels" . | nindent 4 }}
spec:
  minAvailable: 1
  selector:
    matchLabels: {{- include "lib.labels.matchLabels" . | nindent 6 }}
{{- end }}
`;
    void pre;
  }
  files['Chart.yaml'] = `apiVersion: v2\nname: platform\ndescription: An umbrella of many parts\nversion: 5.0.0\nappVersion: "5.0"\ndependencies:\n  - name: lib\n    version: 2.x.x\n    repository: file://charts/lib\n${deps.join('\n')}\n`;
  files['values.yaml'] = values.join('\n') + '\n';
  files['templates/summary.yaml'] = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "lib.names.fullname" . }}-summary
  labels: {{- include "lib.labels.standard" . | nindent 4 }}
data:
  enabled: |
    {{- range $name, $sub := .Values }}
    {{- if and (kindIs "map" $sub) (hasKey $sub "replicaCount") }}
    {{ $name }}: {{ $sub.replicaCount }}
    {{- end }}
    {{- end }}
  tags: {{ .Values.tags | toJson | quote }}
`;
  return files;
}

export interface BenchChart {
  name: string;
  dir: string;
  what: string;
}

/** Writes the three bench charts under `root`. */
export function writeBenchCharts(root: string): BenchChart[] {
  const charts: Array<[string, string, Files]> = [
    ['many-templates', '50 services x 6 kinds (300 templates), one _helpers.tpl', manyTemplates(50)],
    ['helper-library', '16 components x 9 kinds over a library chart of ~30 small named templates (tpl of values, merged dicts, presets)', helperLibrary(16)],
    ['umbrella', '24 subcharts (conditions, tags, globals), each with its own copy of the library', umbrella(24)],
  ];
  return charts.map(([name, what, files]) => {
    const dir = join(root, name);
    writeChart(dir, files);
    return { name, dir, what };
  });
}
