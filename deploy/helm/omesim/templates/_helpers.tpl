{{/* The release's name for every object: RELEASE-omesim, or RELEASE when it already says omesim. */}}
{{- define "omesim.fullname" -}}
{{- if contains "omesim" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-omesim" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "omesim.selectorLabels" -}}
app.kubernetes.io/name: omesim
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "omesim.labels" -}}
{{ include "omesim.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "omesim.tokenSecret" -}}
{{- .Values.controlToken.existingSecret | default (printf "%s-control" (include "omesim.fullname" .)) -}}
{{- end -}}

{{- define "omesim.caSecret" -}}
{{- .Values.testCa.existingSecret | default (printf "%s-test-ca" (include "omesim.fullname" .)) -}}
{{- end -}}

{{/* The Service (and advertised host) of a component: RELEASE-omesim-source, -target or -fleet. */}}
{{- define "omesim.serviceName" -}}
{{- printf "%s-%s" (include "omesim.fullname" .root) .component -}}
{{- end -}}
