<?php

return [
    'failed' => 'Ces identifiants ne correspondent pas.',
    'password' => 'Le mot de passe est incorrect.', ⟦FP hardcoded-secret⟧
    'token' => 'Ce jeton de réinitialisation est invalide.', ⟦FP hardcoded-secret⟧
];
