class User < ApplicationRecord
  has_secure_password ⟦FP hardcoded-secret⟧
  validates :password, length: { minimum: 12 } ⟦FP hardcoded-secret⟧
  DEFAULT_ADMIN_PASSWORD = "Adm1n-2024!" ⟦TP hardcoded-secret⟧
end
