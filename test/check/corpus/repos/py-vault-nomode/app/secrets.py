import os

import hvac ⟦TP vault-client-in-eso-app⟧

client = hvac.Client(url=os.environ["VAULT_ADDR"], token=os.environ["VAULT_TOKEN"]) ⟦FP hardcoded-secret⟧


def db_password() -> str:
    return client.secrets.kv.v2.read_secret_version(path="app/db")["data"]["data"]["password"]
