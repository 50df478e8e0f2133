import os

import hvac ⟦FP vault-client-in-eso-app⟧

client = hvac.Client(url=os.environ["VAULT_ADDR"])
