variable "db_password" {
  type      = string
  sensitive = true
}

variable "db_password_secret_name" {
  type    = string
  default = "prod/app/db" ⟦FP hardcoded-secret⟧
}

resource "aws_db_instance" "main" {
  password = var.db_password ⟦FP hardcoded-secret⟧
  username = "app"
}

provider "aws" {
  access_key = "%%GEN:AWS_KEY_ID%%" ⟦TP hardcoded-secret fmt⟧
  secret_key = "%%GEN:AWS_SECRET%%" ⟦TP hardcoded-secret⟧
}
