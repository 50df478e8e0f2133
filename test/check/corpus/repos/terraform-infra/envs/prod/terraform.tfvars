region                  = "eu-west-1"
db_password             = "Pr0d-DB-pa55word" ⟦TP hardcoded-secret⟧
db_password_secret_name = "prod/app/db" ⟦FP hardcoded-secret⟧
datadog_api_key         = "%%GEN:HEX32%%" ⟦TP hardcoded-secret⟧
github_token            = "%%GEN:GITHUB_PAT%%" ⟦TP hardcoded-secret fmt⟧
