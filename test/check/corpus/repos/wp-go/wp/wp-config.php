<?php
define('DB_NAME', 'wordpress');
define('DB_PASSWORD', 'wp-pass-9823'); ⟦TP hardcoded-secret⟧
define('AUTH_KEY', '%%GEN:B64_32%%'); ⟦TP hardcoded-secret⟧
define('DB_PASSWORD_FILE', getenv('DB_PASSWORD_FILE')); ⟦FP hardcoded-secret⟧
