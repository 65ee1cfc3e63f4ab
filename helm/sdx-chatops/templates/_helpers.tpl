{{/*
Chart name, truncated to 63 characters (the DNS label limit).
*/}}
{{- define "sdx-chatops.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name, truncated to 63 characters. When the release name already
contains the chart name it is used as is.
*/}}
{{- define "sdx-chatops.fullname" -}}
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

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "sdx-chatops.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "sdx-chatops.labels" -}}
helm.sh/chart: {{ include "sdx-chatops.chart" . }}
{{ include "sdx-chatops.selectorLabels" . }}
app.kubernetes.io/version: {{ include "sdx-chatops.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: bot
app.kubernetes.io/part-of: sdx-chatops
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: stable for the life of the release (never add version labels here).
*/}}
{{- define "sdx-chatops.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sdx-chatops.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount to use.
*/}}
{{- define "sdx-chatops.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sdx-chatops.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image tag: the configured tag or the chart's appVersion.
*/}}
{{- define "sdx-chatops.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/*
Name of the Secret holding the credentials.
*/}}
{{- define "sdx-chatops.secretName" -}}
{{- default (include "sdx-chatops.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
True ("true") when an external PostgreSQL database is configured.
*/}}
{{- define "sdx-chatops.postgresql" -}}
{{- if .Values.postgresql.url }}true{{ end }}
{{- end }}

{{/*
True ("true") when more than one pod may run at once.
*/}}
{{- define "sdx-chatops.multiReplica" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{/*
Name of the ConfigMap holding the policy file (key policy.yaml): policyExistingConfigMap, else
<fullname>-policy when `policy` is set, else empty (no policy file).
*/}}
{{- define "sdx-chatops.policyConfigMap" -}}
{{- if .Values.policyExistingConfigMap }}
{{- .Values.policyExistingConfigMap }}
{{- else if .Values.policy }}
{{- printf "%s-policy" (include "sdx-chatops.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Directory where the policy ConfigMap is mounted (a whole directory, never a subPath: the kubelet
only updates mounted ConfigMaps that way), and the file in it (SDX_POLICY_FILE).
*/}}
{{- define "sdx-chatops.policyDir" -}}
/etc/sdx-chatops/policy
{{- end }}

{{- define "sdx-chatops.policyFile" -}}
{{- printf "%s/policy.yaml" (include "sdx-chatops.policyDir" .) }}
{{- end }}

{{/*
True ("true") in Socket Mode: an app-level token is configured (secrets.slackAppToken, or
existingSecretKeys.slackAppToken with existingSecret). Slack is then reached over a WebSocket the bot opens.
*/}}
{{- define "sdx-chatops.socketMode" -}}
{{- if .Values.existingSecret }}{{ if .Values.existingSecretKeys.slackAppToken }}true{{ end }}
{{- else if .Values.secrets.slackAppToken }}true{{ end }}
{{- end }}

{{/*
Public base URL at which SDX reaches the bot: config.publicUrl, else https://<first ingress host>.
In Socket Mode it may be empty: SDX then sends no callbacks and the bot polls job statuses.
*/}}
{{- define "sdx-chatops.publicUrl" -}}
{{- if .Values.config.publicUrl }}
{{- .Values.config.publicUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- printf "https://%s" (first .Values.ingress.hosts) }}
{{- else if include "sdx-chatops.socketMode" . }}
{{- else }}
{{- fail "config.publicUrl is required: the public HTTPS base URL at which SDX calls the bot back (<publicUrl>/sdx/notify/<token>), e.g. --set config.publicUrl=https://chatops.example.com. Alternatively enable the Ingress (ingress.enabled=true, ingress.hosts[0]=<host>) and the URL defaults to https://<first host>. In Socket Mode (secrets.slackAppToken) it may stay empty: SDX job statuses are then polled." }}
{{- end }}
{{- end }}

{{/*
Refuse configurations that cannot work. Included by the Deployment so every install runs it.
*/}}
{{- define "sdx-chatops.validate" -}}
{{- if and (include "sdx-chatops.multiReplica" .) (not (include "sdx-chatops.postgresql" .)) }}
{{- fail (printf "replicaCount=%v%s needs PostgreSQL: the embedded SQLite store lives on one volume and cannot be shared between pods, and approvals must be atomic across replicas. Set postgresql.url (e.g. jdbc:postgresql://db:5432/sdx), or keep replicaCount=1 and autoscaling.enabled=false." .Values.replicaCount (ternary " with autoscaling.enabled=true" "" .Values.autoscaling.enabled)) }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail (printf "autoscaling.minReplicas (%v) must not exceed autoscaling.maxReplicas (%v)." .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) }}
{{- fail "ingress.enabled=true needs at least one host in ingress.hosts, e.g. --set ingress.hosts[0]=chatops.example.com" }}
{{- end }}
{{- if not .Values.existingSecret }}
{{- $missing := list }}
{{- if not .Values.secrets.slackBotToken }}{{ $missing = append $missing "secrets.slackBotToken (SLACK_BOT_TOKEN)" }}{{ end }}
{{- if and (not .Values.secrets.slackSigningSecret) (not (include "sdx-chatops.socketMode" .)) }}{{ $missing = append $missing "secrets.slackSigningSecret (SLACK_SIGNING_SECRET)" }}{{ end }}
{{- if and (not .Values.sandbox) (not .Values.secrets.sdxApiToken) }}{{ $missing = append $missing "secrets.sdxApiToken (SDX_API_TOKEN)" }}{{ end }}
{{- if $missing }}
{{- fail (printf "missing secrets: %s. Set them, or set existingSecret to the name of a Secret holding the keys named in existingSecretKeys." (join ", " $missing)) }}
{{- end }}
{{- end }}
{{- if and .Values.policy .Values.policyExistingConfigMap }}
{{- fail (printf "policy and policyExistingConfigMap are mutually exclusive: set the policy file's content in policy, or name an existing ConfigMap (key policy.yaml) in policyExistingConfigMap, not both. policyExistingConfigMap is %q; set it to \"\" or policy to {}." .Values.policyExistingConfigMap) }}
{{- end }}
{{- if and (not .Values.existingSecret) .Values.secrets.auditToken (ne (trim .Values.secrets.auditToken) .Values.secrets.auditToken) }}
{{- fail "secrets.auditToken starts or ends with whitespace (a newline from a file?): no Authorization header could ever match it. Remove the whitespace." }}
{{- end }}
{{- $_ := include "sdx-chatops.publicUrl" . }}
{{- end }}

{{/*
Label matchers that pick this release's series in Prometheus, for the alert rules:
prometheusRule.selector, else the labels the chart's ServiceMonitor gives (the Prometheus Operator
sets job to the Service's name, namespace to the Service's namespace).
*/}}
{{- define "sdx-chatops.metricsSelector" -}}
{{- .Values.prometheusRule.selector | default (printf "namespace=%q, job=%q" .Release.Namespace (include "sdx-chatops.fullname" .)) }}
{{- end }}

{{/*
Labels of one alert: its severity and prometheusRule.alertLabels. Call with (dict "root" $ "alert" <alert values>).
*/}}
{{- define "sdx-chatops.alertLabels" -}}
severity: {{ .alert.severity | quote }}
{{- with .root.Values.prometheusRule.alertLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Where an alert's runbook is: its section of docs/deploy.md, and as a link when
prometheusRule.runbookBaseUrl is set. Call with (dict "root" $ "anchor" "<alert name in lower case>").
*/}}
{{- define "sdx-chatops.runbook" -}}
runbook: {{ printf "docs/deploy.md#%s" .anchor | quote }}
{{- with .root.Values.prometheusRule.runbookBaseUrl }}
runbook_url: {{ printf "%s#%s" . $.anchor | quote }}
{{- end }}
{{- end }}
