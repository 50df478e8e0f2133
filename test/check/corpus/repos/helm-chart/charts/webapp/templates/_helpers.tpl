{{- define "webapp.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "webapp.secretName" -}}
{{- default (include "webapp.fullname" .) .Values.auth.existingSecret -}}
{{- end -}}
