resource "random_password" "db" {
  length = 32 ⟦FP hardcoded-secret⟧
}

resource "aws_db_instance" "main" {
  password = random_password.db.result ⟦FP hardcoded-secret⟧
}

variable "api_token" {
  default = "%%GEN:ALNUM32%%" ⟦TP hardcoded-secret⟧
}
