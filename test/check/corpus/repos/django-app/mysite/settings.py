import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = 'django-insecure-%%GEN:ALNUM32%%' ⟦TP hardcoded-secret⟧

AUTH_PASSWORD_VALIDATORS = [ ⟦FP hardcoded-secret⟧
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"}, ⟦FP hardcoded-secret⟧
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"] ⟦FP hardcoded-secret⟧

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "USER": "app",
        "PASSWORD": "postgres", ⟦TP hardcoded-secret⟧
        "HOST": "db",
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": os.environ.get("REPLICA_DB_PASSWORD"), ⟦FP hardcoded-secret⟧
    },
}

EMAIL_HOST_PASSWORD = "" ⟦FP hardcoded-secret⟧
AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"] ⟦FP hardcoded-secret⟧
SOCIAL_AUTH_GITHUB_SECRET = "%%GEN:HEX40%%" ⟦TP hardcoded-secret⟧
CSRF_COOKIE_NAME = "csrftoken" ⟦FP hardcoded-secret⟧
